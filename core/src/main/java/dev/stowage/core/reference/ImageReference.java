package dev.stowage.core.reference;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidDigestException;

import java.util.Objects;
import java.util.Optional;

/**
 * An image reference, parsed and normalised exactly as docker does it (distribution/reference
 * {@code ParseNormalizedNamed}): {@code nginx:1.21} is registry {@code docker.io}, repository
 * {@code library/nginx}, tag {@code 1.21}.
 *
 * <p>Normalisation: a first path component is a registry when it contains {@code .} or
 * {@code :}, is {@code localhost}, or has upper-case letters (so {@code Foo/bar} is repository
 * {@code bar} on registry {@code Foo}); otherwise the registry is {@code docker.io}.
 * {@code index.docker.io} becomes {@code docker.io}, and one-component Docker Hub names get the
 * {@code library/} namespace. Parsing never invents a tag: {@link #withDefaultTag()} does that.
 * Equality is on the normalised form, so {@code nginx} equals {@code docker.io/library/nginx}.
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("nginx:1.21");
 * ref.toString();  // docker.io/library/nginx:1.21
 * ref.familiar();  // nginx:1.21
 * ImageReference.parse("localhost:5000/app").withDefaultTag().toString(); // localhost:5000/app:latest
 * }</pre>
 */
public final class ImageReference {
    /** The tag {@link #withDefaultTag()} adds. */
    public static final String DEFAULT_TAG = "latest";
    // distribution/reference RepositoryNameTotalLengthMax; it limits the path, not domain + path.
    static final int MAX_REPOSITORY_LENGTH = 255;

    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String LOCALHOST = "localhost";
    private static final String OFFICIAL_NAMESPACE = "library/";
    // The longest digest Stowage can verify: "sha512:" + 128 hex. Longer input is refused before
    // Digest.parse sees it, so its regular expressions never run on megabytes of text.
    private static final int MAX_DIGEST_LENGTH = 135;

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses a reference such as {@code nginx}, {@code nginx:1.21},
     * {@code registry.example.com:5000/team/app@sha256:…} or {@code [::1]:5000/app:v1@sha256:…}.
     *
     * @throws InvalidReferenceException naming the offending part and the rule it breaks
     */
    public static ImageReference parse(String input) {
        if (input == null) {
            throw new InvalidReferenceException("invalid reference: reference is null");
        }
        if (input.isEmpty()) {
            throw invalid(input, "reference is empty");
        }
        if (ReferenceGrammar.isImageId(input)) {
            throw invalid(input, "a 64-character hexadecimal string is an image ID, not a repository name");
        }

        // splitDockerDomain: decide whether the first component names a registry.
        String domain = RegistryHosts.DOCKER_HUB;
        String remainder = input;
        int slash = input.indexOf('/');
        if (slash >= 0) {
            String first = input.substring(0, slash);
            if (first.equals(LEGACY_DOCKER_HUB)) {
                remainder = input.substring(slash + 1);
            } else if (first.equals(LOCALHOST) || first.indexOf('.') >= 0 || first.indexOf(':') >= 0
                    || !ReferenceGrammar.isLowerCase(first)) {
                domain = first;
                remainder = input.substring(slash + 1);
            }
        }
        if (domain.equals(RegistryHosts.DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_NAMESPACE + remainder;
        }

        // remainder = path [":" tag] ["@" digest]; neither path nor tag may hold '@'.
        int at = remainder.indexOf('@');
        String nameAndTag = at < 0 ? remainder : remainder.substring(0, at);
        String digestText = at < 0 ? null : remainder.substring(at + 1);
        int colon = nameAndTag.indexOf(':');
        String path = colon < 0 ? nameAndTag : nameAndTag.substring(0, colon);
        String tag = colon < 0 ? null : nameAndTag.substring(colon + 1);

        if (!ReferenceGrammar.isLowerCase(path)) {
            throw invalid(input, "repository name must be lowercase");
        }
        if (!domain.equals(RegistryHosts.DOCKER_HUB)) {
            // Docker would fall back to reading "bad_domain.com/x" as a registry-less path; a
            // reference without a registry is of no use here, so that is refused instead.
            String problem = ReferenceGrammar.domainProblem(domain);
            if (problem != null) {
                throw invalid(input, "invalid domain \"" + ReferenceGrammar.quote(domain) + "\": " + problem);
            }
        }
        String pathProblem = ReferenceGrammar.pathProblem(path);
        if (pathProblem != null) {
            throw invalid(input, pathProblem);
        }
        if (path.length() > MAX_REPOSITORY_LENGTH) {
            throw invalid(input, "repository name must not be more than " + MAX_REPOSITORY_LENGTH
                    + " characters (it has " + path.length() + ")");
        }
        if (tag != null) {
            String tagProblem = ReferenceGrammar.tagProblem(tag);
            if (tagProblem != null) {
                throw invalid(input, tagProblem);
            }
        }
        Digest digest = digestText == null ? null : parseDigest(input, digestText);
        return new ImageReference(domain, path, tag, digest);
    }

    private static Digest parseDigest(String input, String text) {
        if (text.isEmpty()) {
            throw invalid(input, "digest is empty");
        }
        if (text.length() > MAX_DIGEST_LENGTH) {
            throw invalid(input, "invalid digest \"" + ReferenceGrammar.quote(text) + "\": longer than any supported digest ("
                    + MAX_DIGEST_LENGTH + " characters)");
        }
        Digest digest;
        try {
            digest = Digest.parse(text);
        } catch (InvalidDigestException e) {
            throw invalid(input, e.getMessage());
        }
        requireVerifiable(input, digest);
        return digest;
    }

    // go-digest's Validate refuses algorithms it has no hash for; so must a reference, because
    // pulling by an unverifiable digest would trust whatever the registry sends.
    private static void requireVerifiable(String reference, Digest digest) {
        if (!digest.isVerifiable()) {
            throw invalid(reference, "invalid digest \"" + ReferenceGrammar.quote(digest.toString())
                    + "\": unsupported digest algorithm \"" + ReferenceGrammar.quote(digest.algorithm())
                    + "\" (supported: sha256, sha384, sha512)");
        }
    }

    private static InvalidReferenceException invalid(String input, String problem) {
        return new InvalidReferenceException("invalid reference \"" + ReferenceGrammar.quote(input) + "\": " + problem);
    }

    /** The normalised registry host, with its port if any: {@code docker.io}, {@code localhost:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry: {@code library/nginx}, {@code team/app}. */
    public String repository() {
        return repository;
    }

    /** The tag, if the reference has one; parsing never adds {@value #DEFAULT_TAG}. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The digest the reference is pinned to, if any; always one Stowage can verify. */
    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** Registry and repository without tag or digest: {@code docker.io/library/nginx}. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * The name as docker shows it (FamiliarName): Docker Hub's registry and its {@code library/}
     * namespace left out: {@code nginx}, {@code foo/bar}, {@code localhost:5000/app}.
     */
    public String familiarName() {
        if (!registry.equals(RegistryHosts.DOCKER_HUB)) {
            return name();
        }
        if (repository.startsWith(OFFICIAL_NAMESPACE)
                && repository.indexOf('/', OFFICIAL_NAMESPACE.length()) < 0) {
            return repository.substring(OFFICIAL_NAMESPACE.length());
        }
        return repository;
    }

    /** The short form docker prints (FamiliarString): {@code nginx:1.21}, {@code foo/bar@sha256:…}. */
    public String familiar() {
        return familiarName() + suffix();
    }

    /** This reference with tag {@value #DEFAULT_TAG} when it has neither tag nor digest; else itself. */
    public ImageReference withDefaultTag() {
        return tag == null && digest == null ? new ImageReference(registry, repository, DEFAULT_TAG, null) : this;
    }

    /**
     * This reference with {@code newTag} instead of its tag; a digest is kept.
     *
     * @throws InvalidReferenceException if {@code newTag} is not a valid tag
     */
    public ImageReference withTag(String newTag) {
        if (newTag == null) {
            throw invalid(toString(), "tag is null");
        }
        String problem = ReferenceGrammar.tagProblem(newTag);
        if (problem != null) {
            throw invalid(name() + ":" + newTag, problem);
        }
        return new ImageReference(registry, repository, newTag, digest);
    }

    /**
     * This reference pinned to {@code newDigest} instead of its digest; a tag is kept.
     *
     * @throws InvalidReferenceException if the digest is null or of an algorithm Stowage cannot verify
     */
    public ImageReference withDigest(Digest newDigest) {
        if (newDigest == null) {
            throw invalid(toString(), "digest is null");
        }
        requireVerifiable(name() + "@" + newDigest, newDigest);
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /**
     * This reference's name pinned to {@code digest}, without a tag: the repo digest
     * ({@code docker.io/library/nginx@sha256:…}) a registry serves that manifest under.
     *
     * @throws InvalidReferenceException if the digest is null or of an algorithm Stowage cannot verify
     */
    public ImageReference repoDigest(Digest digest) {
        if (digest == null) {
            throw invalid(name(), "digest is null");
        }
        requireVerifiable(name() + "@" + digest, digest);
        return new ImageReference(registry, repository, null, digest);
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** The fully qualified form: {@code docker.io/library/nginx:1.21}, {@code name:tag@digest}. */
    @Override
    public String toString() {
        return name() + suffix();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference other
                && registry.equals(other.registry)
                && repository.equals(other.repository)
                && Objects.equals(tag, other.tag)
                && Objects.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }
}
