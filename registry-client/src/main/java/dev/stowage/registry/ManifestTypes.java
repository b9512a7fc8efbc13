package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The manifest media types the client asks for and refuses, and how a served type is read. */
final class ManifestTypes {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final List<String> ACCEPTED = List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);
    static final String ACCEPT_HEADER = String.join(", ", ACCEPTED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestTypes() {
    }

    /** The {@code Content-Type} without parameters, lower-cased; empty when absent. */
    static Optional<String> fromHeader(Optional<String> contentType) {
        return contentType.map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty());
    }

    /** Docker schema 1, by media type or, when the type says nothing useful, by the document itself. */
    static boolean isSchema1(String mediaType, byte[] raw) {
        if (mediaType.startsWith("application/vnd.docker.distribution.manifest.v1")) {
            return true;
        }
        if (ACCEPTED.contains(mediaType) || raw == null) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(raw);
            return node != null && node.path("schemaVersion").asInt(0) == 1;
        } catch (IOException e) {
            return false;
        }
    }

    /** The type a document declares in its {@code mediaType} field, for servers that send none. */
    static Optional<String> declared(byte[] raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            return node == null ? Optional.empty()
                    : Optional.of(node.path("mediaType").asText("")).filter(t -> !t.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
