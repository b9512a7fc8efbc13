package dev.stowage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A content descriptor (image-spec {@code descriptor.md}): what a blob or manifest is
 * ({@code mediaType}), which bytes it is ({@code digest}, {@code size}), and optional facts about
 * it. Embedded {@code data} is always checked against digest and size, so what {@link #data()}
 * returns is the content itself.
 *
 * <pre>{@code
 * Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, configBytes);
 * Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, layerDigest, layerSize)
 *         .withAnnotations(Map.of("org.opencontainers.image.title", "app.tar.gz"));
 * }</pre>
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls,
        Map<String, String> annotations, Optional<Platform> platform, Optional<String> artifactType,
        Optional<byte[]> data) {
    private static final FieldReader FIELDS = new FieldReader("descriptor", FieldReader.Dialect.MANIFEST);

    /** The OCI empty descriptor: the JSON object {@code {}}, config of artifacts that have none. */
    public static final Descriptor EMPTY_JSON =
            of(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));

    /**
     * @throws InvalidManifestException if a value breaks the descriptor rules (media type form,
     *     negative size, a url that is not an absolute URI, data not matching digest and size)
     */
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(data, "data");
        FIELDS.checkMediaType(mediaType, "mediaType");
        if (size < 0) {
            throw FIELDS.invalid("size", "must be a non-negative integer, got " + size);
        }
        urls = List.copyOf(urls);
        for (int i = 0; i < urls.size(); i++) {
            checkUrl(FIELDS, "urls[" + i + "]", urls.get(i));
        }
        annotations = copyAnnotations(annotations);
        artifactType.ifPresent(type -> FIELDS.checkMediaType(type, "artifactType"));
        data = data.map(byte[]::clone);
        data.ifPresent(bytes -> checkData(FIELDS, "data", digest, size, bytes));
    }

    /** A descriptor with only the required fields. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The descriptor of {@code content}: its SHA-256 digest and length (the content is not embedded). */
    public static Descriptor of(String mediaType, byte[] content) {
        return of(mediaType, Digest.sha256(content), content.length);
    }

    /**
     * Parses a descriptor on its own, as image-spec's descriptor schema defines it.
     *
     * @throws InvalidManifestException naming the field that is wrong
     */
    public static Descriptor parse(byte[] raw) {
        return read(Json.readObject(raw, "descriptor"), "", FIELDS);
    }

    /** The embedded content, already checked against digest and size; a copy. */
    @Override
    public Optional<byte[]> data() {
        return data.map(byte[]::clone);
    }

    public Descriptor withUrls(List<String> urls) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data);
    }

    public Descriptor withAnnotations(Map<String, String> annotations) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data);
    }

    public Descriptor withPlatform(Platform platform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, Optional.of(platform), artifactType,
                data);
    }

    public Descriptor withArtifactType(String artifactType) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, Optional.of(artifactType),
                data);
    }

    /**
     * Embeds {@code content}, which must be the content this descriptor describes.
     *
     * @throws InvalidManifestException if it does not match digest and size
     */
    public Descriptor withData(byte[] content) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType,
                Optional.of(content));
    }

    static Descriptor read(JsonNode node, String path, FieldReader fields) {
        fields.object(node, path);
        String mediaType = fields.mediaType(fields.required(node, path, "mediaType"),
                FieldReader.child(path, "mediaType"));
        Digest digest = fields.digest(fields.required(node, path, "digest"), FieldReader.child(path, "digest"));
        long size = fields.size(fields.required(node, path, "size"), FieldReader.child(path, "size"));
        List<String> urls = fields.stringList(node, path, "urls");
        for (int i = 0; i < urls.size(); i++) {
            checkUrl(fields, FieldReader.child(path, "urls") + "[" + i + "]", urls.get(i));
        }
        Map<String, String> annotations = fields.stringMap(node, path, "annotations");
        Optional<Platform> platform = fields.optional(node, "platform")
                .map(v -> Platform.read(v, FieldReader.child(path, "platform"), fields));
        Optional<String> artifactType = fields.optional(node, "artifactType")
                .map(v -> fields.mediaType(v, FieldReader.child(path, "artifactType")));
        Optional<byte[]> data = fields.optional(node, "data").map(v -> {
            String dataPath = FieldReader.child(path, "data");
            byte[] bytes = decodeBase64(fields, dataPath, fields.string(v, dataPath));
            checkData(fields, dataPath, digest, size, bytes);
            return bytes;
        });
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactType, data);
    }

    /** The descriptor object, fields in the order of image-spec's Go types; annotations sorted. */
    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", size);
        if (!urls.isEmpty()) {
            urls.forEach(node.putArray("urls")::add);
        }
        putAnnotations(node, annotations);
        data.ifPresent(bytes -> node.put("data", Base64.getEncoder().encodeToString(bytes)));
        platform.ifPresent(p -> node.set("platform", p.toJson()));
        artifactType.ifPresent(type -> node.put("artifactType", type));
        return node;
    }

    static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
        if (!annotations.isEmpty()) {
            ObjectNode object = node.putObject("annotations");
            new TreeMap<>(annotations).forEach(object::put);
        }
    }

    static Map<String, String> copyAnnotations(Map<String, String> annotations) {
        Map<String, String> copy = new LinkedHashMap<>();
        annotations.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "annotation key"),
                Objects.requireNonNull(value, () -> "annotation " + key)));
        return Collections.unmodifiableMap(copy);
    }

    /** image-spec's schema gives urls the JSON-schema format {@code uri}: an absolute URI. */
    private static void checkUrl(FieldReader fields, String path, String url) {
        try {
            if (!new URI(url).isAbsolute()) {
                throw fields.invalid(path, "\"" + url + "\" is not an absolute URI");
            }
        } catch (URISyntaxException e) {
            throw fields.invalid(path, "\"" + url + "\" is not a URI: " + e.getReason());
        }
    }

    /** Go's standard base64, as image-spec uses: padding required. */
    private static byte[] decodeBase64(FieldReader fields, String path, String text) {
        if (text.length() % 4 != 0) {
            throw fields.invalid(path, "is not padded standard base64 (length " + text.length()
                    + " is not a multiple of 4)");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw fields.invalid(path, "is not standard base64: " + e.getMessage());
        }
    }

    private static void checkData(FieldReader fields, String path, Digest digest, long size, byte[] data) {
        if (data.length != size) {
            throw fields.invalid(path, "holds " + data.length + " bytes but size says " + size);
        }
        if (!digest.isVerifiable()) {
            throw fields.invalid(path, "cannot be checked against " + digest.algorithm()
                    + " digests; embedded data needs a sha256, sha384 or sha512 digest");
        }
        Digest actual = digest.recompute(data);
        if (!actual.equals(digest)) {
            throw fields.invalid(path, "does not match the digest: expected " + digest + ", got " + actual);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Descriptor other
                && size == other.size
                && mediaType.equals(other.mediaType)
                && digest.equals(other.digest)
                && urls.equals(other.urls)
                && annotations.equals(other.annotations)
                && platform.equals(other.platform)
                && artifactType.equals(other.artifactType)
                && data.isPresent() == other.data.isPresent()
                && (data.isEmpty() || Arrays.equals(data.get(), other.data.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, digest, size, urls, annotations, platform, artifactType,
                data.map(Arrays::hashCode).orElse(0));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(List.of(mediaType, digest.toString(), size + " bytes"));
        platform.ifPresent(p -> parts.add("platform " + p));
        artifactType.ifPresent(type -> parts.add("artifactType " + type));
        data.ifPresent(bytes -> parts.add("with data"));
        return "Descriptor[" + String.join(", ", parts) + "]";
    }
}
