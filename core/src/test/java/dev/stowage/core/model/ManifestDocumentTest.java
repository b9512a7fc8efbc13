package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestDocumentTest {
    static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1470,"
            + "\"digest\":\"sha256:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b\"}";
    static final String LAYER = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":148,"
            + "\"digest\":\"sha256:c57089565e894899735d458f0fd4bb17a0f1e0df8d72da392b85c9b35ee777cd\"}";
    static final String ENTRY = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,"
            + "\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\","
            + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}";
    static final String OCI_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
            + "\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}";
    static final String DOCKER_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST
            + "\",\"config\":" + CONFIG.replace(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG) + ",\"layers\":["
            + LAYER.replace(MediaTypes.OCI_LAYER_TAR_GZIP, MediaTypes.DOCKER_LAYER_TAR_GZIP) + "]}";
    static final String OCI_INDEX = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\","
            + "\"manifests\":[" + ENTRY + "]}";

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static ManifestDocument parse(String json, String contentType) {
        return ManifestDocument.parse(bytes(json), contentType);
    }

    static String refused(String json, String contentType) {
        return assertThrows(InvalidManifestException.class, () -> parse(json, contentType)).getMessage();
    }

    @Test
    void manifestExposesConfigAndLayers() {
        ImageManifest m = (ImageManifest) parse(OCI_MANIFEST, MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(2, m.schemaVersion());
        assertEquals(1470, m.config().size());
        assertEquals(1, m.layers().size());
        assertEquals(148, m.layers().get(0).size());
    }

    @Test
    void indexExposesItsManifests() {
        ImageIndex index = (ImageIndex) parse(OCI_INDEX, MediaTypes.OCI_INDEX);
        assertEquals(1, index.manifests().size());
        assertEquals("linux/amd64", index.manifests().get(0).platform().orElseThrow().toString());
    }

    @Test
    void digestAndSizeAreOfTheBytesAsReceived() {
        String spaced = OCI_MANIFEST.replace(",", ",\n  ");
        ManifestDocument compact = parse(OCI_MANIFEST, null);
        ManifestDocument pretty = parse(spaced, null);
        assertEquals(Digest.sha256(bytes(spaced)), pretty.digest());
        assertEquals(bytes(spaced).length, pretty.size());
        assertNotEquals(compact.digest(), pretty.digest());
    }

    @Test
    void rawIsACopyOfTheBytesAsReceived() {
        byte[] input = bytes(OCI_MANIFEST);
        ManifestDocument doc = ManifestDocument.parse(input, null);
        input[0] = ' ';
        doc.raw()[1] = 'x';
        assertArrayEquals(bytes(OCI_MANIFEST), doc.raw());
        assertEquals(Digest.sha256(bytes(OCI_MANIFEST)), doc.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/vnd.oci.image.manifest.v1+json; charset=utf-8",
            "APPLICATION/vnd.oci.image.manifest.v1+json", " application/vnd.oci.image.manifest.v1+json ",
            "application/json", "text/plain; charset=utf-8", "application/octet-stream", ""})
    void contentTypeParametersCaseAndUnspecificTypesAreIgnored(String contentType) {
        assertEquals(MediaTypes.OCI_MANIFEST, parse(OCI_MANIFEST, contentType).mediaType());
    }

    @Test
    void contentTypeDisagreeingWithTheDocumentIsRefused() {
        assertEquals("invalid manifest: mediaType: the document says \"" + MediaTypes.OCI_MANIFEST
                + "\" but it was served as \"" + MediaTypes.DOCKER_MANIFEST + "\"",
                refused(OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST));
        refused(OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);
        refused(OCI_INDEX, MediaTypes.OCI_MANIFEST);
    }

    @Test
    void contentTypeOfAnotherKindOfContentIsRefused() {
        assertTrue(refused(OCI_MANIFEST, MediaTypes.OCI_CONFIG).contains("not a manifest type"));
    }

    @Test
    void contentTypeDecidesWhenTheDocumentStatesNoType() {
        String noType = OCI_MANIFEST.replace("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",", "");
        assertEquals(MediaTypes.OCI_MANIFEST, parse(noType, MediaTypes.OCI_MANIFEST).mediaType());
        assertTrue(refused(noType, MediaTypes.OCI_INDEX).startsWith("invalid manifest: config: is not allowed"));
    }

    @Test
    void documentWithoutTypeOrContentTypeIsDetectedFromItsShape() {
        String manifest = OCI_MANIFEST.replace("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",", "");
        String index = OCI_INDEX.replace("\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",", "");
        assertInstanceOf(ImageManifest.class, parse(manifest, null));
        assertInstanceOf(ImageIndex.class, parse(index, null));
        assertEquals(MediaTypes.OCI_INDEX, parse(index, null).mediaType());
    }

    @Test
    void documentWithNeitherManifestsNorConfigIsNoManifest() {
        assertTrue(refused("{\"schemaVersion\":2}", null).contains("it is not a manifest document"));
    }

    @Test
    void documentWithBothManifestsAndLayersAndNoTypeIsRefused() {
        assertTrue(refused("{\"schemaVersion\":2,\"manifests\":[],\"layers\":[]}", null).contains("has both"));
    }

    @Test
    void dockerManifestRequiresItsMediaTypeField() {
        String noType = DOCKER_MANIFEST.replace("\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",", "");
        assertEquals("invalid manifest: mediaType: is required in a Docker schema2 manifest (expected \""
                + MediaTypes.DOCKER_MANIFEST + "\")", refused(noType, MediaTypes.DOCKER_MANIFEST));
        assertTrue(refused(noType, null).startsWith("invalid manifest: mediaType: is required"));
    }

    @Test
    void dockerManifestListRequiresItsMediaTypeField() {
        String list = "{\"schemaVersion\":2,\"manifests\":["
                + ENTRY.replace(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST) + "]}";
        assertTrue(refused(list, MediaTypes.DOCKER_MANIFEST_LIST).startsWith("invalid manifest: mediaType: is required"));
        assertTrue(refused(list, null).startsWith("invalid manifest: mediaType: is required"));
    }

    @Test
    void dockerManifestParses() {
        ImageManifest m = (ImageManifest) parse(DOCKER_MANIFEST, null);
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, m.config().mediaType());
    }

    @Test
    void dockerManifestIgnoresOciOnlyFields() {
        String withAnnotations = DOCKER_MANIFEST.replace("\"schemaVersion\":2,",
                "\"schemaVersion\":2,\"annotations\":{\"a\":\"b\"},");
        assertEquals(Map.of(), parse(withAnnotations, null).annotations());
    }

    @Test
    void unknownDocumentMediaTypeIsRefused() {
        assertTrue(refused(OCI_MANIFEST.replace("v1+json\",\"config", "v1+jsonXXX\",\"config"), null)
                .startsWith("invalid manifest: mediaType: \"application/vnd.oci.image.manifest.v1+jsonXXX\""));
    }

    @Test
    void manifestOverFourMebibytesIsRefusedBeforeParsing() {
        byte[] tooBig = new byte[ManifestDocument.MAX_BYTES + 1];
        Arrays.fill(tooBig, (byte) '{'); // not JSON: refused for its size, not its syntax
        String message = assertThrows(InvalidManifestException.class,
                () -> ManifestDocument.parse(tooBig, MediaTypes.OCI_MANIFEST)).getMessage();
        assertTrue(message.contains("over the limit of 4 MiB"), message);
    }

    @Test
    void manifestOfExactlyFourMebibytesIsRead() {
        StringBuilder json = new StringBuilder(OCI_MANIFEST);
        json.insert(json.length() - 1, ",\"annotations\":{\"pad\":\"\"}");
        int padding = ManifestDocument.MAX_BYTES - json.length();
        json.insert(json.length() - 3, "x".repeat(padding));
        assertEquals(ManifestDocument.MAX_BYTES, parse(json.toString(), null).size());
    }

    @Test
    void schema1ContentTypeIsRefusedByName() {
        for (String type : new String[] {MediaTypes.DOCKER_SCHEMA1_MANIFEST, MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST}) {
            assertTrue(refused("{}", type).startsWith("invalid manifest: schema1 manifests are not supported"));
        }
    }

    @Test
    void schema1DocumentIsRefusedByItsShape() {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"library/hello\",\"tag\":\"latest\",\"architecture\":"
                + "\"amd64\",\"fsLayers\":[{\"blobSum\":\"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4\"}],"
                + "\"history\":[],\"signatures\":[]}";
        assertTrue(refused(schema1, null).startsWith("invalid manifest: schema1 manifests are not supported"));
        assertTrue(refused(schema1, "application/json").startsWith("invalid manifest: schema1"));
    }

    @Test
    void schema1DocumentMediaTypeIsRefused() {
        String schema1 = "{\"schemaVersion\":1,\"mediaType\":\"" + MediaTypes.DOCKER_SCHEMA1_MANIFEST + "\"}";
        assertTrue(refused(schema1, null).startsWith("invalid manifest: schema1 manifests are not supported"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "3", "\"2\"", "2.0", "4294967298", "null"})
    void schemaVersionMustBeTheInteger2(String version) {
        String json = OCI_MANIFEST.replace("\"schemaVersion\":2", "\"schemaVersion\":" + version);
        assertTrue(refused(json, MediaTypes.OCI_MANIFEST).startsWith("invalid manifest: schemaVersion: "));
    }

    @Test
    void schemaVersionIsRequired() {
        assertEquals("invalid manifest: schemaVersion: is required",
                refused(OCI_MANIFEST.replace("\"schemaVersion\":2,", ""), null));
    }

    @Test
    void ociManifestRequiresConfig() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[" + LAYER + "]}";
        assertEquals("invalid manifest: config: is required", refused(json, null));
    }

    @Test
    void manifestRequiresLayers() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + CONFIG + "}";
        assertEquals("invalid manifest: layers: is required", refused(json, null));
    }

    @Test
    void ociManifestNeedsAtLeastOneLayer() {
        String json = OCI_MANIFEST.replace("[" + LAYER + "]", "[]");
        assertTrue(refused(json, null).startsWith("invalid manifest: layers: must have at least one entry"));
    }

    @Test
    void dockerManifestMayHaveNoLayers() {
        String json = DOCKER_MANIFEST.substring(0, DOCKER_MANIFEST.indexOf("\"layers\"")) + "\"layers\":[]}";
        assertEquals(0, ((ImageManifest) parse(json, null)).layers().size());
    }

    @Test
    void manifestWithManifestsIsRefused() {
        String json = OCI_MANIFEST.replace("\"layers\"", "\"manifests\":[],\"layers\"");
        assertTrue(refused(json, null).startsWith("invalid manifest: manifests: is not allowed in a manifest"));
    }

    @Test
    void indexWithLayersIsRefused() {
        String json = OCI_INDEX.replace("\"manifests\"", "\"layers\":[],\"manifests\"");
        assertTrue(refused(json, null).startsWith("invalid manifest: layers: is not allowed in an index"));
    }

    @Test
    void indexRequiresManifests() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"}";
        assertEquals("invalid manifest: manifests: is required", refused(json, null));
    }

    @Test
    void indexEntriesNeedNoPlatform() {
        String json = OCI_INDEX.replace(",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}", "");
        assertTrue(((ImageIndex) parse(json, null)).manifests().get(0).platform().isEmpty());
    }

    @Test
    void indexEntryPlatformNeedsArchitecture() {
        String json = OCI_INDEX.replace("\"architecture\":\"amd64\",", "");
        assertEquals("invalid manifest: manifests[0].platform.architecture: is required", refused(json, null));
    }

    @Test
    void errorNamesTheOffendingLayerByIndex() {
        String badLayer = LAYER.replace("sha256:c5708", "sha256:X5708");
        String json = OCI_MANIFEST.replace("[" + LAYER + "]", "[" + LAYER + "," + badLayer + "]");
        assertTrue(refused(json, null).startsWith("invalid manifest: layers[1].digest: "));
    }

    @Test
    void ociFieldsAreRead() {
        String json = OCI_MANIFEST.replace("\"config\"", "\"artifactType\":\"application/vnd.example+type\","
                + "\"subject\":" + ENTRY + ",\"annotations\":{\"k\":\"v\"},\"config\"");
        ManifestDocument doc = parse(json, null);
        assertEquals(Optional.of("application/vnd.example+type"), doc.artifactType());
        assertEquals(7682, doc.subject().orElseThrow().size());
        assertEquals(Map.of("k", "v"), doc.annotations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"subject\":\"nope\"", "\"subject\":{}", "\"artifactType\":\"nope\"",
            "\"artifactType\":1", "\"annotations\":{\"k\":[]}", "\"annotations\":null"})
    void badOciFieldsAreNamed(String field) {
        String json = OCI_MANIFEST.replace("\"config\"", field + ",\"config\"");
        String name = field.substring(1, field.indexOf('"', 1));
        assertTrue(refused(json, null).startsWith("invalid manifest: " + name), field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "42", "\"manifest\"", "{", "{\"a\":1}{}", "\u0000",
            "{\"schemaVersion\":2,\"schemaVersion\":2}", "{\"schemaVersion\":2,\"mediaType\":null}",
            "{\"schemaVersion\":2,\"mediaType\":[]}", "{\"schemaVersion\":2,\"config\":null,\"layers\":null}",
            "{\"schemaVersion\":2,\"config\":[],\"layers\":{}}", "{\"schemaVersion\":2,\"manifests\":{}}",
            "{\"schemaVersion\":2,\"manifests\":[null]}", "{\"schemaVersion\":2,\"manifests\":[[]]}",
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"size\":1,\"digest\":\"sha256:\"}]}",
            "{\"schemaVersion\":{},\"config\":{}}", "{\"schemaVersion\":1e400,\"config\":{}}"})
    void malformedInputIsAlwaysAnInvalidManifestException(String json) {
        assertThrows(InvalidManifestException.class, () -> parse(json, null));
        assertThrows(InvalidManifestException.class, () -> parse(json, MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class, () -> parse(json, MediaTypes.DOCKER_MANIFEST_LIST));
    }

    @Test
    void deeplyNestedJsonIsAnInvalidManifestException() {
        String nested = "{\"schemaVersion\":2,\"config\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThrows(InvalidManifestException.class, () -> parse(nested, null));
    }

    @Test
    void overlongNumberIsAnInvalidManifestException() {
        String json = OCI_MANIFEST.replace("\"size\":148", "\"size\":" + "9".repeat(5000));
        assertThrows(InvalidManifestException.class, () -> parse(json, null));
    }

    @Test
    void nullBytesAreAnInvalidManifestException() {
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(null, null));
    }

    @Test
    void invalidUtf8IsAnInvalidManifestException() {
        byte[] json = bytes(OCI_MANIFEST.replace("\"layers\"", "\"x\":\"\u00e9\",\"layers\""));
        int at = new String(json, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
        json[at] = (byte) 0xff;
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(json, null));
    }

    // Go's encoding/json (registries, image-spec validators) reads UTF-8 only; Jackson would
    // otherwise detect these encodings and skip the byte order mark.
    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32BE", "UTF-32LE"})
    void documentNotEncodedAsUtf8IsRefused(String charset) {
        byte[] json = OCI_MANIFEST.getBytes(Charset.forName(charset));
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(json, null));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void utf8ByteOrderMarkIsRefused() {
        byte[] json = bytes("\uFEFF" + OCI_MANIFEST);
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(json, null));
        assertTrue(e.getMessage().contains("byte order mark"), e.getMessage());
        assertThrows(InvalidManifestException.class, () -> Descriptor.parse(bytes("\uFEFF{}")));
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(bytes("\uFEFF{}")));
    }

    @Test
    void toDescriptorPointsAtTheDocument() {
        ManifestDocument doc = parse(OCI_MANIFEST, null);
        Descriptor d = doc.toDescriptor();
        assertEquals(MediaTypes.OCI_MANIFEST, d.mediaType());
        assertEquals(doc.digest(), d.digest());
        assertEquals(doc.size(), d.size());
    }

    @Test
    void documentsWithTheSameBytesAreEqual() {
        assertEquals(parse(OCI_MANIFEST, null), parse(OCI_MANIFEST, MediaTypes.OCI_MANIFEST));
        assertEquals(parse(OCI_INDEX, null), parse(OCI_INDEX, null));
    }

    @Test
    void equalDocumentsHashAlikeAndDocumentsWithOtherBytesDiffer() {
        ManifestDocument compact = parse(OCI_MANIFEST, null);
        assertEquals(compact.hashCode(), parse(OCI_MANIFEST, MediaTypes.OCI_MANIFEST).hashCode());
        assertNotEquals(compact, parse(OCI_MANIFEST.replace(",", ", "), null));
        assertNotEquals(compact, parse(OCI_INDEX, null));
    }
}
