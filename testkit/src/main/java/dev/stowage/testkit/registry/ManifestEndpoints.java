package dev.stowage.testkit.registry;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v2/<name>/manifests/<reference>} (end-3, end-7, end-9): manifests by tag or digest,
 * stored as the exact bytes pushed, at most 4 MiB, and only once everything they name is in the
 * repository; served when the {@code Accept} header allows their media type.
 */
final class ManifestEndpoints {
    /** What the spec asks registries to accept at least, and what Stowage's client reads at most. */
    static final int MAX_BYTES = 4 << 20;

    private final RegistryState state;
    private final boolean deleteEnabled;
    private final boolean referrersApi;

    ManifestEndpoints(RegistryState state, boolean deleteEnabled, boolean referrersApi) {
        this.state = state;
        this.deleteEnabled = deleteEnabled;
        this.referrersApi = referrersApi;
    }

    void get(Call call) throws IOException {
        String repository = call.route().repository();
        String reference = call.route().reference();
        Optional<StoredManifest> found = BlobDigest.looksLikeDigest(reference)
                ? state.manifestByDigest(repository, BlobEndpoints.digest(reference))
                : Names.isTag(reference) ? state.manifestByTag(repository, reference) : Optional.empty();
        if (found.isEmpty()) {
            throw unknown(repository, reference);
        }
        StoredManifest manifest = found.get();
        if (!AcceptHeader.accepts(call.headers("Accept"), manifest.mediaType())) {
            throw RegistryError.of(404, ErrorCode.MANIFEST_UNKNOWN, "the manifest is " + manifest.mediaType()
                    + ", which the request's Accept header does not allow", Map.of("Accept", call.headers("Accept")));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Docker-Content-Digest", manifest.digest().toString());
        headers.put("ETag", "\"" + manifest.digest() + "\"");
        call.respondBytes(200, manifest.mediaType(), manifest.raw(), headers);
    }

    void put(Call call) throws IOException {
        String repository = call.route().repository();
        String reference = call.route().reference();
        boolean byDigest = BlobDigest.looksLikeDigest(reference);
        BlobDigest claimed = byDigest ? BlobEndpoints.digest(reference) : null;
        if (!byDigest && !Names.isTag(reference)) {
            throw RegistryError.of(400, ErrorCode.MANIFEST_INVALID, "\"" + reference
                    + "\" is neither a digest nor a tag ([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})");
        }
        RegistryError tooLarge = RegistryError.of(413, ErrorCode.MANIFEST_INVALID,
                "manifests are limited to " + MAX_BYTES + " bytes (4 MiB)");
        byte[] raw = call.readBody(MAX_BYTES, tooLarge);
        BlobDigest digest = BlobDigest.of(byDigest ? claimed.algorithm() : "sha256", raw);
        if (byDigest && !digest.equals(claimed)) {
            throw RegistryError.of(400, ErrorCode.DIGEST_INVALID, "the manifest's bytes hash to " + digest + ", not "
                    + claimed, claimed.toString());
        }
        StoredManifest manifest = ManifestReader.read(raw, call.header("Content-Type"), digest);
        state.putManifest(repository, manifest, byDigest ? null : reference);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", "/v2/" + repository + "/manifests/" + digest);
        headers.put("Docker-Content-Digest", digest.toString());
        if (referrersApi) {
            manifest.subject().ifPresent(subject -> headers.put("OCI-Subject", subject.toString()));
        }
        call.respond(201, headers);
    }

    /** By digest: the manifest and its tags go; by tag: only the tag. */
    void delete(Call call) throws IOException {
        BlobEndpoints.requireDeletion(deleteEnabled);
        String repository = call.route().repository();
        String reference = call.route().reference();
        if (!state.exists(repository)) {
            throw RegistryError.of(404, ErrorCode.NAME_UNKNOWN, ErrorCode.NAME_UNKNOWN.description(),
                    Map.of("name", repository));
        }
        boolean deleted = BlobDigest.looksLikeDigest(reference)
                ? state.deleteManifest(repository, BlobEndpoints.digest(reference))
                : state.deleteTag(repository, reference);
        if (!deleted) {
            throw unknown(repository, reference);
        }
        call.respond(202, Map.of());
    }

    private RegistryError unknown(String repository, String reference) {
        if (!state.exists(repository)) {
            return RegistryError.of(404, ErrorCode.NAME_UNKNOWN, ErrorCode.NAME_UNKNOWN.description(),
                    Map.of("name", repository));
        }
        return RegistryError.of(404, ErrorCode.MANIFEST_UNKNOWN, ErrorCode.MANIFEST_UNKNOWN.description(),
                Map.of(BlobDigest.looksLikeDigest(reference) ? "Digest" : "Tag", reference));
    }
}
