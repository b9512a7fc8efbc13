package dev.stowage.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a pushed manifest the way a registry must before storing it: one of the four manifest
 * media types, a {@code Content-Type} that agrees with its {@code mediaType} field, schema
 * version 2, and well-formed descriptors. It reads JSON itself rather than through Stowage's model,
 * so that the registry judges what a client sends independently of the client's own parser.
 */
final class ManifestReader {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_LIST);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestReader() {
    }

    /**
     * @param contentType the request's {@code Content-Type}, or null
     * @throws RegistryError {@code MANIFEST_INVALID} naming what is wrong
     */
    static StoredManifest read(byte[] raw, String contentType, BlobDigest digest) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the manifest is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("the manifest is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("the manifest is not a JSON object");
        }
        String declared = root.path("mediaType").isTextual() ? root.path("mediaType").asText() : null;
        String sent = contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (sent != null && sent.isEmpty()) {
            sent = null;
        }
        if (declared != null && sent != null && !declared.equals(sent)) {
            throw invalid("Content-Type " + sent + " does not match the manifest's mediaType " + declared);
        }
        String mediaType = declared != null ? declared : sent;
        if (mediaType == null) {
            throw invalid("the manifest has no mediaType field and the request no Content-Type");
        }
        if (!IMAGE_MANIFESTS.contains(mediaType) && !INDEXES.contains(mediaType)) {
            throw invalid("unsupported manifest media type " + mediaType + "; this registry stores "
                    + String.join(", ", List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)));
        }
        if (root.path("schemaVersion").asInt(-1) != 2 || !root.path("schemaVersion").isIntegralNumber()) {
            throw invalid("schemaVersion must be 2");
        }
        List<BlobDigest> blobs = new ArrayList<>();
        List<BlobDigest> children = new ArrayList<>();
        Optional<String> artifactType = text(root, "artifactType");
        if (IMAGE_MANIFESTS.contains(mediaType)) {
            JsonNode config = root.path("config");
            blobs.add(descriptor(config, "config"));
            if (artifactType.isEmpty()) {
                artifactType = text(config, "mediaType");
            }
            JsonNode layers = root.path("layers");
            if (!layers.isArray()) {
                throw invalid("layers must be a list");
            }
            for (int i = 0; i < layers.size(); i++) {
                BlobDigest layer = descriptor(layers.get(i), "layers[" + i + "]");
                // Non-distributable (foreign) layers live at their URLs, not in the registry.
                if (!layers.get(i).path("urls").isArray() || layers.get(i).path("urls").isEmpty()) {
                    blobs.add(layer);
                }
            }
        } else {
            JsonNode manifests = root.path("manifests");
            if (!manifests.isArray()) {
                throw invalid("manifests must be a list");
            }
            for (int i = 0; i < manifests.size(); i++) {
                children.add(descriptor(manifests.get(i), "manifests[" + i + "]"));
            }
        }
        Optional<BlobDigest> subject = root.has("subject") ? Optional.of(descriptor(root.path("subject"), "subject"))
                : Optional.empty();
        return new StoredManifest(digest, mediaType, raw, List.copyOf(blobs), List.copyOf(children), subject,
                artifactType, annotations(root));
    }

    private static BlobDigest descriptor(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be a descriptor object");
        }
        if (!node.path("mediaType").isTextual()) {
            throw invalid(where + ".mediaType is missing");
        }
        JsonNode size = node.path("size");
        if (!size.isIntegralNumber() || size.asLong() < 0) {
            throw invalid(where + ".size must be a non-negative integer");
        }
        String digest = node.path("digest").asText("");
        return BlobDigest.parse(digest).orElseThrow(() -> invalid(where + ".digest \"" + digest
                + "\" is not a sha256 or sha512 digest"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Map<String, String> annotations(JsonNode root) {
        JsonNode node = root.path("annotations");
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid("annotations must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw invalid("annotation " + field.getKey() + " must be a string");
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    private static RegistryError invalid(String message) {
        return RegistryError.of(400, ErrorCode.MANIFEST_INVALID, message);
    }
}
