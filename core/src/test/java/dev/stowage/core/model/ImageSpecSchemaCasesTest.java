package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation tables of github.com/opencontainers/image-spec {@code schema/descriptor_test.go},
 * {@code schema/manifest_test.go}, {@code schema/imageindex_test.go} and
 * {@code schema/config_test.go} (image-spec 1.1), each document run through the parser of its
 * kind. Those that are already among the shared test documents (oci-documents) are left out.
 */
class ImageSpecSchemaCasesTest {
    static final String D7682 = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";
    static final String C86F = "c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b";

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String descriptor(String mediaType, String size, String digest, String extra) {
        return "{\"mediaType\": \"" + mediaType + "\", \"size\": " + size + ", \"digest\": \"" + digest + "\"" + extra + "}";
    }

    // descriptor_test.go TestDescriptor: the cases not in oci-documents; true = valid.
    static Stream<Arguments> descriptors() {
        String manifest = MediaTypes.OCI_MANIFEST;
        String config = MediaTypes.OCI_CONFIG;
        return Stream.of(
                arguments("valid descriptor", descriptor(manifest, "7682", D7682, ""), true),
                arguments("invalid first type character", descriptor(".foo/bar", "7682", D7682, ""), false),
                arguments("invalid first subtype character", descriptor("foo/.bar", "7682", D7682, ""), false),
                arguments("subtype too long", descriptor("foo/" + "1234567890".repeat(12) + "12345678", "7682", D7682, ""),
                        false),
                arguments("size missing", "{\"mediaType\": \"" + manifest + "\", \"digest\": \"" + D7682 + "\"}", false),
                arguments("size is a string", descriptor(manifest, "\"7682\"", D7682, ""), false),
                arguments("digest missing", "{\"mediaType\": \"" + manifest + "\", \"size\": 7682}", false),
                arguments("digest without hash", descriptor(manifest, "7682", "sha256", ""), false),
                arguments("artifactType is a media type",
                        descriptor(manifest, "7682", D7682, ", \"artifactType\": \"" + manifest + "\""), true),
                arguments("artifactType with invalid first subtype character",
                        descriptor(manifest, "7682", D7682, ", \"artifactType\": \"foo/.bar\""), false),
                arguments("alternate algorithm sha256+b64", descriptor(config, "1470", "sha256+b64:" + C86F, ""), true),
                arguments("alternate algorithm sha256+foo-bar", descriptor(config, "1470", "sha256+foo-bar:" + C86F, ""),
                        true),
                arguments("alternate algorithm sha256.foo-bar", descriptor(config, "1470", "sha256.foo-bar:" + C86F, ""),
                        true),
                arguments("multihash+base58",
                        descriptor(config, "1470", "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", ""),
                        true),
                arguments("repeated separators in algorithm", descriptor(config, "1470", "sha256+foo+-b:" + C86F, ""),
                        false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("descriptors")
    void descriptorSchemaCases(String name, String json, boolean valid) {
        if (valid) {
            Descriptor d = Descriptor.parse(bytes(json));
            assertEquals(json.contains("\"size\": 7682") ? 7682 : 1470, d.size(), name);
        } else {
            assertThrows(InvalidManifestException.class, () -> Descriptor.parse(bytes(json)), name);
        }
    }

    static final String CONFIG = "{\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"size\": 1470,"
            + " \"digest\": \"sha256:" + C86F + "\"}";
    static final String LAYER_148 = "{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"size\": 148,"
            + " \"digest\": \"sha256:c57089565e894899735d458f0fd4bb17a0f1e0df8d72da392b85c9b35ee777cd\"}";
    static final String THREE_LAYERS = "["
            + "{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"size\": 675598,"
            + " \"digest\": \"sha256:9d3dd9504c685a304985025df4ed0283e47ac9ffa9bd0326fddf4d59513f0827\"},"
            + "{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"size\": 156,"
            + " \"digest\": \"sha256:2b689805fbd00b2db1df73fae47562faac1a626d5f61744bfe29946ecff5d73d\"},"
            + LAYER_148 + "]";

    static String manifest(String config, String layers, String extra) {
        return "{\"schemaVersion\": 2, \"config\": " + config + ", \"layers\": " + layers + extra + "}";
    }

    // manifest_test.go TestManifest (validated as application/vnd.oci.image.manifest.v1+json).
    static Stream<Arguments> manifests() {
        String layer = "{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\", \"size\": 1470, \"digest\": \"%s\"}";
        String b64Config = CONFIG.replace("sha256:", "sha256+b64:");
        return Stream.of(
                arguments("config mediaType does not match the pattern",
                        manifest(CONFIG.replace("application/vnd.oci.image.config.v1+json", "invalid"), "[" + LAYER_148 + "]", ""),
                        false),
                arguments("config.size is a string", manifest(CONFIG.replace("1470", "\"1470\""), "[" + LAYER_148 + "]", ""),
                        false),
                arguments("layers.size is a string",
                        manifest(CONFIG, "[" + LAYER_148.replace("148", "\"675598\"") + "]", ""), false),
                arguments("valid with optional fields",
                        manifest(CONFIG, THREE_LAYERS, ", \"annotations\": {\"key1\": \"value1\", \"key2\": \"value2\"}"), true),
                arguments("valid with only required fields", manifest(CONFIG, THREE_LAYERS, ""), true),
                arguments("no layers", manifest(CONFIG, "[]", ""), false),
                arguments("bounds of the digest algorithm grammar", manifest(b64Config, "["
                        + String.format(layer, "sha256+foo-bar:" + C86F) + ", "
                        + String.format(layer, "sha256.foo-bar:" + C86F) + ", "
                        + String.format(layer, "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8") + "]", ""),
                        true),
                arguments("beyond the digest algorithm grammar",
                        manifest(b64Config, "[" + String.format(layer, "sha256+foo+-b:" + C86F) + "]", ""), false),
                arguments("config digest is not hex", manifest(CONFIG.replace(C86F,
                        "c86f7763873b6c0aaehhhhhhhhhhhhhhhhmmmmmmmmmmmmmmmm22d9h3bab59b4f"), "[" + LAYER_148 + "]", ""), false),
                arguments("unrecognised layer media type with a string size",
                        manifest(CONFIG, "[" + LAYER_148.replace("application/vnd.oci.image.layer.v1.tar+gzip",
                                "application/vnd.other.layer").replace("148", "\"675598\"") + "]", ""), false),
                arguments("document mediaType does not match the pattern",
                        manifest(CONFIG, "[" + LAYER_148 + "]", ", \"mediaType\": \"invalid\""), false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("manifests")
    void manifestSchemaCases(String name, String json, boolean valid) {
        if (valid) {
            ManifestDocument doc = ManifestDocument.parse(bytes(json), MediaTypes.OCI_MANIFEST);
            ImageManifest manifest = assertInstanceOf(ImageManifest.class, doc, name);
            assertEquals(1470, manifest.config().size(), name);
            assertEquals(Digest.sha256(bytes(json)), doc.digest(), name);
        } else {
            assertThrows(InvalidManifestException.class,
                    () -> ManifestDocument.parse(bytes(json), MediaTypes.OCI_MANIFEST), name);
        }
    }

    @Test
    void manifestWithOptionalFieldsKeepsItsAnnotationsAndLayerOrder() {
        String json = manifest(CONFIG, THREE_LAYERS, ", \"annotations\": {\"key1\": \"value1\", \"key2\": \"value2\"}");
        ImageManifest m = (ImageManifest) ManifestDocument.parse(bytes(json), null);
        assertEquals(Map.of("key1", "value1", "key2", "value2"), m.annotations());
        assertEquals(List.of(675598L, 156L, 148L), m.layers().stream().map(Descriptor::size).toList());
    }

    static String index(String manifests, String extra) {
        return "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": "
                + manifests + extra + "}";
    }

    static String entry(String mediaType, String size, String digest, String platform) {
        return "{\"mediaType\": \"" + mediaType + "\", \"size\": " + size
                + (digest == null ? "" : ", \"digest\": \"" + digest + "\"") + (platform == null ? "" : ", \"platform\": " + platform)
                + "}";
    }

    // imageindex_test.go TestImageIndex.
    static Stream<Arguments> indexes() {
        String m = MediaTypes.OCI_MANIFEST;
        String e692 = "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f";
        String ppc = "{\"architecture\": \"ppc64le\", \"os\": \"linux\"}";
        String amd = "{\"architecture\": \"amd64\", \"os\": \"linux\"}";
        String subject = ", \"subject\": {\"mediaType\": \"" + m + "\", \"size\": 1234,"
                + " \"digest\": \"sha256:220a60ecd4a3c32c282622a625a54db9ba0ff55b5ba9c29c7064a2bc358b6a3e\"}";
        return Stream.of(
                arguments("entry mediaType does not match the pattern", index("[" + entry("invalid", "7143", e692, ppc) + "]", ""),
                        false),
                arguments("entry size is a string", index("[" + entry(m, "\"7682\"", D7682, amd) + "]", ""), false),
                arguments("entry digest missing", index("[" + entry(m, "7682", null, amd) + "]", ""), false),
                arguments("platform architecture missing",
                        index("[" + entry(m, "7682", D7682, "{\"os\": \"linux\"}") + "]", ""), false),
                arguments("entry mediaType invalid", index("[" + entry("invalid", "7682", D7682, amd) + "]", ""), false),
                arguments("entry mediaType empty", index("[" + entry("", "7682", D7682, amd) + "]", ""), false),
                arguments("valid with optional fields", index("[" + entry(m, "7143", e692, ppc) + ", " + entry(m, "7682", D7682, amd)
                        + "]", ", \"annotations\": {\"com.example.key1\": \"value1\", \"com.example.key2\": \"value2\"}"), true),
                arguments("valid with required fields only", index("[" + entry(m, "7143", e692, null) + "]", ""), true),
                arguments("customised entry media type",
                        index("[" + entry("application/customized.manifest+json", "7143", e692, ppc) + "]", ""), true),
                arguments("artifactType on the index and an entry", index("[" + entry(m, "7143", D7682, null) + ", "
                        + "{\"mediaType\": \"" + m + "\", \"artifactType\": \"application/vnd.example1+type\", \"size\": 506,"
                        + " \"digest\": \"sha256:99953afc4b90c7d78079d189ae10da0a1002e6be5e9e8dedaf9f7f29def42111\"}]",
                        ", \"artifactType\": \"application/vnd.example+type\""), true),
                arguments("subject", index("[" + entry(m, "7682", D7682, amd) + "]", subject), true),
                arguments("subject is not a descriptor", index("[" + entry(m, "7682", D7682, amd) + "]", ", \"subject\": \"nope\""),
                        false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("indexes")
    void indexSchemaCases(String name, String json, boolean valid) {
        if (valid) {
            ImageIndex index = assertInstanceOf(ImageIndex.class, ManifestDocument.parse(bytes(json), MediaTypes.OCI_INDEX));
            assertEquals(Digest.sha256(bytes(json)), index.digest(), name);
            assertEquals(MediaTypes.OCI_INDEX, index.mediaType(), name);
        } else {
            assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(bytes(json), MediaTypes.OCI_INDEX), name);
        }
    }

    @Test
    void indexArtifactTypesAndSubjectAreRead() {
        String json = index("[" + entry(MediaTypes.OCI_MANIFEST, "7682", D7682, null) + "]",
                ", \"artifactType\": \"application/vnd.example+type\", \"subject\": {\"mediaType\": \""
                        + MediaTypes.OCI_MANIFEST + "\", \"size\": 1234, \"digest\": \"" + D7682 + "\"}");
        ImageIndex index = (ImageIndex) ManifestDocument.parse(bytes(json), null);
        assertEquals("application/vnd.example+type", index.artifactType().orElseThrow());
        assertEquals(1234, index.subject().orElseThrow().size());
    }

    static final String ROOTFS = "\"rootfs\": {\"diff_ids\": "
            + "[\"sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef\"], \"type\": \"layers\"}";

    // config_test.go TestConfig: the invalid ones.
    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                arguments("os is a number", "{\"architecture\": \"amd64\", \"os\": 123, " + ROOTFS + "}"),
                arguments("variant is a number",
                        "{\"architecture\": \"arm64\", \"variant\": 123, \"os\": \"linux\", " + ROOTFS + "}"),
                arguments("config.User is a number", "{\"created\": \"2015-10-31T22:22:56.015925234Z\","
                        + " \"author\": \"Alyssa P. Hacker <alyspdev@example.com>\", \"architecture\": \"amd64\","
                        + " \"os\": \"linux\", \"config\": {\"User\": 1234}, " + ROOTFS + "}"),
                arguments("history is a string",
                        "{\"history\": \"should be an array\", \"architecture\": \"amd64\", \"os\": 123, " + ROOTFS + "}"),
                arguments("Env holds a number",
                        "{\"architecture\": \"amd64\", \"os\": 123, \"config\": {\"Env\": [7353]}, " + ROOTFS + "}"),
                arguments("Volumes is an array", "{\"architecture\": \"amd64\", \"os\": 123, \"config\": {\"Volumes\":"
                        + " [\"/var/job-result-data\", \"/var/log/my-app-logs\"]}, " + ROOTFS + "}"),
                arguments("invalid JSON", "invalid JSON"),
                arguments("Env entry without =",
                        "{\"architecture\": \"amd64\", \"os\": \"linux\", \"config\": {\"Env\": [\"foo\"]}, " + ROOTFS + "}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidConfigs")
    void invalidConfigSchemaCases(String name, String json) {
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(bytes(json)), name);
    }

    // config_test.go TestConfig: valid config with only the required fields.
    @Test
    void configWithOnlyRequiredFieldsParses() {
        ImageConfig config = ImageConfig.parse(bytes("{\"architecture\": \"amd64\", \"os\": \"linux\", " + ROOTFS + "}"));
        assertEquals("amd64", config.architecture());
        assertEquals("linux", config.os());
        assertEquals(List.of(Digest.parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")),
                config.rootfs().diffIds());
        assertEquals(ContainerConfig.EMPTY, config.config());
    }
}
