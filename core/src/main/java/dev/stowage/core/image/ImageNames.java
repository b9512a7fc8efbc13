package dev.stowage.core.image;

import dev.stowage.core.ImageConflictException;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.DeleteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's rules for naming and removing images, written once for every store: how a name, an
 * image ID or an ID prefix designates an image, and what {@code rmi} removes. Pure decisions over
 * a {@link View} of a store's names; the store applies a {@link Deletion} itself, under its own
 * lock, so that deciding and writing are one step.
 *
 * <pre>{@code
 * public DeleteResult delete(String nameOrId, boolean force) {   // a store's, under its lock
 *     ImageNames.Deletion d = ImageNames.deletion(namesOf(currentIndex), nameOrId, force);
 *     // one write: without the entry d.name() points at, or without every entry of d.images()
 *     return d.result();
 * }
 * }</pre>
 *
 * <p>Names are a store's exact text for a reference ({@link #storedName}); an image's ID is docker's:
 * the digest of its config. Several manifests sharing a config are one image to docker.
 */
public final class ImageNames {
    private static final Pattern FULL_ID = Pattern.compile("(?:sha256:)?([0-9a-f]{64})");
    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?([0-9a-f]{1,63})");

    private ImageNames() {
    }

    /**
     * What the rules see of a store: its images and their names. Images are manifest (or index)
     * digests; the store may list a name several times (written by another tool), and an image
     * may have hundreds of thousands of names.
     */
    public interface View {
        /** Every image's manifest (or index) digest, once each, in the store's order. */
        List<Digest> images();

        /**
         * The image's ID: the digest of its config (for an index, of the config its ID stands for),
         * or its own digest when it has none. May read manifests, so the rules ask only when an
         * ID decides: finding an image by one of its names never does.
         */
        Digest id(Digest image);

        /** The image {@code name} (its exact text as stored) points at; the first one if several do. */
        Optional<Digest> named(String name);

        /** Every name of the image, exact text, in the store's order; none for an untagged image. */
        List<String> names(Digest image);
    }

    /**
     * What an {@code rmi} removes: either only the name it was given ({@link #name()}), or every
     * entry, named or not, of the manifests in {@link #images()}, which are one image.
     *
     * @param name the only name removed, when the image keeps another tag
     * @param images every manifest of the image whose entries all go; empty when only {@code name} goes
     * @param result what to report: the references untagged and the image IDs deleted
     */
    public record Deletion(Optional<String> name, Set<Digest> images, DeleteResult result) {
        public Deletion {
            images = Set.copyOf(images);
            if (name.isPresent() == !images.isEmpty()) {
                throw new IllegalArgumentException("a deletion removes one name or the entries of an image, not both");
            }
        }
    }

    /**
     * The text a store records a reference under: the full reference, with tag {@code latest}
     * when it has neither tag nor digest; a digest reference without its tag.
     */
    public static String storedName(ImageReference reference) {
        return reference.digest().isPresent()
                ? ImageReference.parse(reference.name() + "@" + reference.digest().get()).toString()
                : reference.withDefaultTag().toString();
    }

    /**
     * The reference a stored name is, if it is a full reference. Short names other tools write
     * ({@code skopeo copy … oci:DIR:latest}) stay names, found by their exact text, but are not
     * read as references: {@code latest} is not {@code docker.io/library/latest}.
     */
    public static Optional<ImageReference> reference(String storedName) {
        try {
            ImageReference r = ImageReference.parse(storedName);
            return r.toString().equals(storedName) ? Optional.of(r) : Optional.empty();
        } catch (IllegalArgumentException notAReference) {
            return Optional.empty();
        }
    }

    /**
     * Finds an image by reference: the name it is stored under ({@link #storedName}), or, for a
     * digest reference, the image whose manifest is that digest (docker resolves
     * {@code name@digest} for an image pulled by tag as well).
     */
    public static Optional<Digest> resolve(View view, ImageReference reference) {
        Optional<Digest> named = view.named(storedName(reference));
        if (named.isPresent() || reference.digest().isEmpty()) {
            return named;
        }
        Digest pinned = reference.digest().get();
        return view.images().stream().filter(pinned::equals).findFirst();
    }

    /**
     * Finds an image as docker does: by a name's exact text, by manifest digest or full image ID
     * (64 hex digits, with or without {@code sha256:}), by reference ({@code nginx} means
     * {@code nginx:latest}; {@code name@digest} also finds an image pulled by tag), or by a prefix
     * of its ID that no other image's ID has.
     *
     * @throws ImageConflictException if an ID prefix matches several images
     */
    public static Optional<Digest> resolve(View view, String nameOrId) {
        Optional<Found> found = find(view, nameOrId);
        if (found.isPresent()) {
            return found.map(Found::image);
        }
        return asReference(nameOrId).flatMap(r -> resolve(view, r));
    }

    /**
     * Decides a docker {@code rmi}. By name, only that name goes while the image keeps another tag
     * ({@code force} changes nothing), else every entry of the image. By ID or manifest digest,
     * every entry of the image goes, but an image named in several repositories needs
     * {@code force}. The image is every manifest sharing the ID of the one found.
     *
     * @throws ImageNotFoundException if nothing matches
     * @throws ImageConflictException if the delete needs {@code force}, or an ID prefix is ambiguous
     */
    public static Deletion deletion(View view, String nameOrId, boolean force) {
        Found found = find(view, nameOrId).orElseThrow(() -> new ImageNotFoundException(nameOrId));
        Digest id = view.id(found.image());
        Set<Digest> sameImage = new LinkedHashSet<>();
        for (Digest image : view.images()) {
            if (image.equals(found.image()) || view.id(image).equals(id)) {
                sameImage.add(image);
            }
        }
        List<String> names = new ArrayList<>();
        sameImage.forEach(image -> names.addAll(view.names(image)));
        if (found.name().isPresent()) {
            String name = found.name().get();
            List<String> others = new ArrayList<>(names);
            others.remove(name); // the first occurrence: a name listed twice is another entry
            if (others.stream().anyMatch(ImageNames::isTag)) {
                return new Deletion(found.name(), Set.of(),
                        new DeleteResult(reference(name).stream().toList(), List.of()));
            }
        } else if (!force && repositories(names) > 1) {
            throw new ImageConflictException("conflict: unable to delete " + id.shortHex(12)
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        List<ImageReference> untagged = names.stream().map(ImageNames::reference).flatMap(Optional::stream).toList();
        return new Deletion(Optional.empty(), sameImage, new DeleteResult(untagged, List.of(id)));
    }

    /** An image as a name or ID designates it; {@code name} when it was named (its stored text). */
    private record Found(Digest image, Optional<String> name) {
    }

    private static Optional<Found> find(View view, String nameOrId) {
        Optional<String> name = Optional.of(nameOrId);
        Optional<Digest> named = view.named(nameOrId);
        if (named.isEmpty()) {
            Matcher full = FULL_ID.matcher(nameOrId);
            if (full.matches()) {
                Digest d = Digest.of(Digest.SHA256, full.group(1));
                return unique(view, image -> image.equals(d) || view.id(image).equals(d), nameOrId);
            }
            name = asReference(nameOrId).map(ImageNames::storedName);
            named = name.flatMap(view::named);
        }
        if (named.isPresent()) {
            return Optional.of(new Found(named.get(), name));
        }
        Matcher prefix = ID_PREFIX.matcher(nameOrId);
        if (prefix.matches()) {
            String hex = prefix.group(1);
            return unique(view, image -> view.id(image).hex().startsWith(hex), nameOrId);
        }
        return Optional.empty();
    }

    /**
     * The first image, in the store's order, of those matching, when they are one image: several
     * manifests sharing a config are one image to docker.
     */
    private static Optional<Found> unique(View view, java.util.function.Predicate<Digest> matches, String asked) {
        Optional<Digest> first = Optional.empty();
        Set<Digest> ids = new HashSet<>();
        for (Digest image : view.images()) {
            if (matches.test(image)) {
                ids.add(view.id(image));
                first = first.or(() -> Optional.of(image));
            }
        }
        if (ids.size() > 1) {
            throw new ImageConflictException("image ID prefix " + asked + " is ambiguous: it matches " + ids.size()
                    + " images; give more characters of the ID");
        }
        return first.map(image -> new Found(image, Optional.empty()));
    }

    private static Optional<ImageReference> asReference(String text) {
        try {
            return Optional.of(ImageReference.parse(text));
        } catch (IllegalArgumentException notAReference) {
            return Optional.empty();
        }
    }

    /** A name with a tag; a short name another tool wrote counts as one (it is no digest reference). */
    private static boolean isTag(String name) {
        return reference(name).map(r -> r.tag().isPresent()).orElse(true);
    }

    /** How many repositories the names are in; a short name another tool wrote counts as its own. */
    private static long repositories(List<String> names) {
        return names.stream().map(n -> reference(n).map(ImageReference::name).orElse(n)).distinct().count();
    }
}
