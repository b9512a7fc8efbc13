package dev.stowage.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link ImageManifest.Builder} and {@link ImageIndex.Builder} share: the media type, the
 * OCI-only annotations, subject and artifactType, and writing the document. Package-private so
 * the public surface stays the two builders; its public methods are theirs.
 *
 * @param <B> the concrete builder, so that chained calls keep its type
 */
abstract class ManifestDocumentBuilder<B extends ManifestDocumentBuilder<B>> {
    String mediaType;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private Descriptor subject;
    private String artifactType;

    ManifestDocumentBuilder(String mediaType) {
        this.mediaType = mediaType;
    }

    public B annotation(String key, String value) {
        annotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return self();
    }

    public B annotations(Map<String, String> annotations) {
        annotations.forEach(this::annotation);
        return self();
    }

    /** The manifest this document refers to (OCI only), e.g. the image a signature signs. */
    public B subject(Descriptor subject) {
        this.subject = Objects.requireNonNull(subject, "subject");
        return self();
    }

    /** The type of artifact this document holds (OCI only). */
    public B artifactType(String artifactType) {
        this.artifactType = Objects.requireNonNull(artifactType, "artifactType");
        return self();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Writes {@code schemaVersion}, {@code mediaType} and {@code artifactType}, then the
     * document's own {@code fields}, then {@code subject} and {@code annotations}, and parses
     * the bytes back, so a built document passes the same checks as a received one.
     *
     * @param dockerKinds the Docker kind in messages ("schema2 manifests")
     * @param ociKind the OCI kind to use instead ("manifest")
     * @throws IllegalStateException if OCI-only parts are set on a Docker document
     */
    final ManifestDocument write(String dockerKinds, String ociKind, Consumer<ObjectNode> fields) {
        if (MediaTypes.isDocker(mediaType) && (!annotations.isEmpty() || subject != null || artifactType != null)) {
            throw new IllegalStateException("Docker " + dockerKinds + " have no annotations, subject or "
                    + "artifactType; build an OCI " + ociKind + " (the default media type) to use them");
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType);
        if (artifactType != null) {
            node.put("artifactType", artifactType);
        }
        fields.accept(node);
        if (subject != null) {
            node.set("subject", subject.toJson());
        }
        Descriptor.putAnnotations(node, annotations);
        return ManifestParser.parse(Json.write(node), mediaType);
    }
}
