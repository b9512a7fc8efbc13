package dev.stowage.testkit.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The listing endpoints: tags (end-8) and the catalog, paged with {@code n}, {@code last} and
 * {@code Link}; and the OCI 1.1 referrers API (end-12) with its {@code artifactType} filter.
 */
final class ListEndpoints {
    private final RegistryState state;
    private final boolean referrersApi;

    ListEndpoints(RegistryState state, boolean referrersApi) {
        this.state = state;
        this.referrersApi = referrersApi;
    }

    void tags(Call call) throws IOException {
        String repository = call.route().repository();
        List<String> tags = state.tags(repository).orElseThrow(() -> RegistryError.of(404, ErrorCode.NAME_UNKNOWN,
                ErrorCode.NAME_UNKNOWN.description(), Map.of("name", repository)));
        Page page = Page.of(tags, call.route().param("n"), call.route().param("last"), "/v2/" + repository + "/tags/list");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repository);
        body.put("tags", page.names());
        call.respondJson(200, body, link(page));
    }

    void catalog(Call call) throws IOException {
        Page page = Page.of(state.repositories(), call.route().param("n"), call.route().param("last"), "/v2/_catalog");
        call.respondJson(200, Map.of("repositories", page.names()), link(page));
    }

    /**
     * An image index of the repository's manifests whose {@code subject} is the digest: never a
     * 404 (an unknown repository or subject has none), filtered by {@code artifactType} if asked.
     */
    void referrers(Call call) throws IOException {
        if (!referrersApi) {
            throw RegistryError.of(404, ErrorCode.UNSUPPORTED, "this registry has no referrers API; "
                    + "clients fall back to the referrers tag schema");
        }
        BlobDigest subject = BlobEndpoints.digest(call.route().reference());
        Optional<String> filter = Optional.ofNullable(call.route().param("artifactType"));
        List<Map<String, Object>> descriptors = new ArrayList<>();
        for (StoredManifest m : state.referrers(call.route().repository(), subject)) {
            if (filter.isPresent() && !m.artifactType().equals(filter)) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", m.mediaType());
            d.put("digest", m.digest().toString());
            d.put("size", m.raw().length);
            m.artifactType().ifPresent(t -> d.put("artifactType", t));
            if (!m.annotations().isEmpty()) {
                d.put("annotations", m.annotations());
            }
            descriptors.add(d);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", ManifestReader.OCI_INDEX);
        index.put("manifests", descriptors);
        call.respondBytes(200, ManifestReader.OCI_INDEX, Call.json(index),
                filter.isPresent() ? Map.of("OCI-Filters-Applied", "artifactType") : Map.of());
    }

    private static Map<String, String> link(Page page) {
        return page.next() == null ? Map.of() : Map.of("Link", page.next());
    }
}
