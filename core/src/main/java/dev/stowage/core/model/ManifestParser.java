package dev.stowage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns received bytes into a {@link ManifestDocument}: decides which of the four supported
 * types the document is, then checks it against that type's rules (image-spec schemas and
 * Distribution's validators).
 *
 * <p>The type comes from the Content-Type it was served with, else from the document's own
 * {@code mediaType} field, else from its shape. When both are present they must agree.
 *
 * <p>Where the specs leave room, these are the decisions: Content-Types that name no manifest
 * type ({@code application/json}, {@code text/plain}, octet-stream) count as absent; the
 * Content-Type is compared case-insensitively, the document's field exactly (as Distribution
 * does); numbers must be JSON integers, so {@code 1.0} is refused as Go refuses it; an OCI
 * manifest needs at least one layer (image-spec schema) while a Docker one may have none;
 * annotations, subject and artifactType are OCI fields that Docker documents do not have, so
 * there they are ignored like any unknown field.
 */
final class ManifestParser {
    private static final FieldReader FIELDS = new FieldReader("manifest", FieldReader.Dialect.MANIFEST);
    private static final Set<String> SUPPORTED = Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST);
    /** Content-Types that say nothing about the manifest type; some registries and file servers send them. */
    private static final Set<String> UNSPECIFIC = Set.of("application/json", "text/plain",
            "application/octet-stream", "binary/octet-stream");

    private ManifestParser() {
    }

    static ManifestDocument parse(byte[] raw, String contentType) {
        if (raw == null) {
            throw FIELDS.invalid("", "no content");
        }
        if (raw.length > ManifestDocument.MAX_BYTES) {
            throw FIELDS.invalid("", raw.length + " bytes is over the limit of 4 MiB (" + ManifestDocument.MAX_BYTES
                    + " bytes); refusing to parse it");
        }
        String served = MediaTypes.essence(contentType);
        if (served != null && UNSPECIFIC.contains(served)) {
            served = null;
        }
        if (MediaTypes.isSchema1(served)) {
            throw schema1("it was served as " + served);
        }
        if (served != null && !SUPPORTED.contains(served)) {
            throw FIELDS.invalid("", "served as \"" + served + "\", which is not a manifest type Stowage reads ("
                    + String.join(", ", MediaTypes.ACCEPT_ALL_MANIFESTS) + ")");
        }
        byte[] bytes = raw.clone();
        JsonNode doc = Json.readObject(bytes, "manifest");
        String declared = FIELDS.optionalString(doc, "", "mediaType").orElse(null);
        refuseSchema1(doc, declared);
        String type = type(doc, served, declared);
        if (MediaTypes.isDocker(type) && declared == null) {
            throw FIELDS.invalid("mediaType", "is required in a Docker " + kind(type) + " (expected \"" + type + "\")");
        }
        long schemaVersion = FIELDS.integer(FIELDS.required(doc, "", "schemaVersion"), "schemaVersion");
        if (schemaVersion != 2) {
            throw FIELDS.invalid("schemaVersion", "must be 2, got " + schemaVersion);
        }
        CommonFields common = common(doc, bytes, type);
        return MediaTypes.isIndex(type) ? index(doc, common) : manifest(doc, common);
    }

    private static void refuseSchema1(JsonNode doc, String declared) {
        if (MediaTypes.isSchema1(declared)) {
            throw schema1("its mediaType is " + declared);
        }
        JsonNode version = doc.get("schemaVersion");
        boolean versionOne = version != null && version.isIntegralNumber() && version.asLong() == 1;
        if (declared == null && (versionOne || doc.has("fsLayers") || doc.has("signatures"))) {
            throw schema1("it has schemaVersion 1, fsLayers or signatures");
        }
    }

    private static InvalidManifestException schema1(String evidence) {
        return FIELDS.invalid("", "schema1 manifests are not supported (" + evidence + "); Docker schema1 is "
                + "deprecated: push the image again with a current docker, podman or skopeo to get a Docker schema2 "
                + "or OCI manifest");
    }

    private static String type(JsonNode doc, String served, String declared) {
        if (served != null) {
            if (declared != null && !declared.equals(served)) {
                throw FIELDS.invalid("mediaType", "the document says \"" + declared + "\" but it was served as \""
                        + served + "\"");
            }
            return served;
        }
        if (declared != null) {
            if (!SUPPORTED.contains(declared)) {
                throw FIELDS.invalid("mediaType", "\"" + declared + "\" is not a manifest type Stowage reads ("
                        + String.join(", ", MediaTypes.ACCEPT_ALL_MANIFESTS) + ")");
            }
            return declared;
        }
        return detect(doc);
    }

    /**
     * Tells the type of a document that states none. OCI documents may omit {@code mediaType};
     * Docker ones may not, so a document whose entries or config are Docker types is a Docker
     * document missing its required field.
     */
    private static String detect(JsonNode doc) {
        boolean manifests = doc.has("manifests");
        boolean configOrLayers = doc.has("config") || doc.has("layers");
        if (manifests && configOrLayers) {
            throw FIELDS.invalid("", "has both manifests (an index) and config/layers (a manifest), and no "
                    + "mediaType to say which it is");
        }
        if (manifests) {
            if (allDocker(doc.get("manifests"))) {
                throw FIELDS.invalid("mediaType", "is required: the document is a Docker manifest list (its "
                        + "entries are Docker manifests) and Docker documents must state their mediaType");
            }
            return MediaTypes.OCI_INDEX;
        }
        if (configOrLayers) {
            JsonNode config = doc.get("config");
            if (config != null && isDockerType(config.get("mediaType"))) {
                throw FIELDS.invalid("mediaType", "is required: the document is a Docker schema2 manifest (its "
                        + "config is a Docker config) and Docker documents must state their mediaType");
            }
            return MediaTypes.OCI_MANIFEST;
        }
        throw FIELDS.invalid("", "has no mediaType and neither manifests (an index) nor config and layers "
                + "(a manifest); it is not a manifest document");
    }

    private static boolean allDocker(JsonNode entries) {
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            return false;
        }
        for (JsonNode entry : entries) {
            if (!isDockerType(entry.get("mediaType"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDockerType(JsonNode mediaType) {
        return mediaType != null && mediaType.isTextual() && MediaTypes.isDocker(mediaType.textValue());
    }

    private static String kind(String type) {
        return MediaTypes.isIndex(type) ? "manifest list" : "schema2 manifest";
    }

    /** Annotations, subject and artifactType exist only in the OCI types; Docker's ignore them as unknown fields. */
    private static CommonFields common(JsonNode doc, byte[] bytes, String type) {
        Digest digest = Digest.sha256(bytes);
        if (MediaTypes.isDocker(type)) {
            return new CommonFields(bytes, digest, type, Map.of(), Optional.empty(), Optional.empty());
        }
        Map<String, String> annotations = FIELDS.stringMap(doc, "", "annotations");
        Optional<String> artifactType = FIELDS.optional(doc, "artifactType")
                .map(v -> FIELDS.mediaType(v, "artifactType"));
        Optional<Descriptor> subject = FIELDS.optional(doc, "subject")
                .map(v -> Descriptor.read(v, "subject", FIELDS));
        return new CommonFields(bytes, digest, type, annotations, artifactType, subject);
    }

    private static ImageManifest manifest(JsonNode doc, CommonFields common) {
        if (doc.has("manifests")) {
            throw FIELDS.invalid("manifests", "is not allowed in a manifest (the document looks like an index)");
        }
        Descriptor config = Descriptor.read(FIELDS.required(doc, "", "config"), "config", FIELDS);
        List<JsonNode> layerNodes = FIELDS.array(FIELDS.required(doc, "", "layers"), "layers");
        if (layerNodes.isEmpty() && !MediaTypes.isDocker(common.mediaType())) {
            throw FIELDS.invalid("layers", "must have at least one entry (an artifact without content uses the "
                    + "empty descriptor " + MediaTypes.OCI_EMPTY + ")");
        }
        return new ImageManifest(common, config, descriptors(layerNodes, "layers"));
    }

    private static ImageIndex index(JsonNode doc, CommonFields common) {
        for (String field : List.of("config", "layers")) {
            if (doc.has(field)) {
                throw FIELDS.invalid(field, "is not allowed in an index (the document looks like a manifest)");
            }
        }
        List<JsonNode> entries = FIELDS.array(FIELDS.required(doc, "", "manifests"), "manifests");
        return new ImageIndex(common, descriptors(entries, "manifests"));
    }

    private static List<Descriptor> descriptors(List<JsonNode> nodes, String field) {
        List<Descriptor> descriptors = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            descriptors.add(Descriptor.read(nodes.get(i), field + "[" + i + "]", FIELDS));
        }
        return descriptors;
    }
}
