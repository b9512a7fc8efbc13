package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cases ported from github.com/distribution/distribution {@code manifest/ocischema}
 * ({@code manifest_test.go}, {@code index_test.go}), {@code manifest/schema2/manifest_test.go}
 * and {@code manifest/manifestlist/manifestlist_test.go}: the documents Distribution serialises
 * (indented with three spaces, as {@code json.MarshalIndent} writes them), read back as served
 * with their Content-Type, and the media type checks of {@code UnmarshalManifest}.
 */
class DistributionManifestCasesTest {
    static final String D1A9E = "sha256:1a9ec845ee94c202b2d5da74a24f0ed2058318bfa9879fa541efaecba272e86b";
    static final String D62D8 = "sha256:62d8908bee94c202b2d35224a221aaa2058318bfa9879fa541efaecba272331b";
    static final String D6346 = "sha256:6346340964309634683409684360934680934608934608934608934068934608";

    // ocischema/manifest_test.go expectedManifestSerialization, with the mediaType line as a parameter.
    static String ociManifest(String mediaTypeLine) {
        return "{\n   \"schemaVersion\": 2,\n" + mediaTypeLine
                + "   \"config\": {\n      \"mediaType\": \"application/vnd.oci.image.config.v1+json\",\n"
                + "      \"size\": 985,\n      \"digest\": \"" + D1A9E + "\",\n"
                + "      \"annotations\": {\n         \"apple\": \"orange\"\n      }\n   },\n"
                + "   \"layers\": [\n      {\n         \"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\",\n"
                + "         \"size\": 153263,\n         \"digest\": \"" + D62D8 + "\",\n"
                + "         \"annotations\": {\n            \"lettuce\": \"wrap\"\n         }\n      }\n   ],\n"
                + "   \"annotations\": {\n      \"hot\": \"potato\"\n   }\n}";
    }

    static String mediaTypeLine(String mediaType) {
        return "   \"mediaType\": \"" + mediaType + "\",\n";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ocischema/manifest_test.go TestManifest.
    @Test
    void ociManifestExposesConfigLayersAndAnnotations() {
        byte[] raw = bytes(ociManifest(mediaTypeLine(MediaTypes.OCI_MANIFEST)));
        ImageManifest m = assertInstanceOf(ImageManifest.class, ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST));
        assertEquals(Map.of("hot", "potato"), m.annotations());
        assertEquals(D1A9E, m.config().digest().toString());
        assertEquals(MediaTypes.OCI_CONFIG, m.config().mediaType());
        assertEquals(985, m.config().size());
        assertEquals(Map.of("apple", "orange"), m.config().annotations());
        assertEquals(1, m.layers().size());
        Descriptor layer = m.layers().get(0);
        assertEquals(D62D8, layer.digest().toString());
        assertEquals(MediaTypes.OCI_LAYER_TAR_GZIP, layer.mediaType());
        assertEquals(153263, layer.size());
        assertEquals(Map.of("lettuce", "wrap"), layer.annotations());
        assertEquals(Digest.sha256(raw), m.digest());
        assertEquals(raw.length, m.size());
    }

    // ocischema/manifest_test.go TestMediaTypes: mediaType may be omitted, must otherwise match.
    @Test
    void ociManifestMayOmitItsMediaType() {
        byte[] raw = bytes(ociManifest(""));
        ManifestDocument doc = ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.OCI_MANIFEST, doc.mediaType());
        assertEquals(Digest.sha256(raw), doc.digest());
    }

    @Test
    void ociManifestWithAnotherMediaTypeIsRefused() {
        byte[] raw = bytes(ociManifest(mediaTypeLine(MediaTypes.OCI_MANIFEST + "XXX")));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, null));
    }

    // ocischema/index_test.go expectedOCIImageIndexSerialization, mediaType line as a parameter.
    static String ociIndex(String mediaTypeLine) {
        String m = "         \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n";
        return "{\n   \"schemaVersion\": 2,\n" + mediaTypeLine + "   \"manifests\": [\n"
                + "      {\n" + m + "         \"digest\": \"" + D1A9E + "\",\n         \"size\": 985,\n"
                + "         \"platform\": {\n            \"architecture\": \"amd64\",\n            \"os\": \"linux\"\n"
                + "         }\n      },\n"
                + "      {\n" + m + "         \"digest\": \"" + D1A9E + "\",\n         \"size\": 985,\n"
                + "         \"annotations\": {\n            \"platform\": \"none\"\n         }\n      },\n"
                + "      {\n" + m + "         \"digest\": \"" + D6346 + "\",\n         \"size\": 2392,\n"
                + "         \"annotations\": {\n            \"what\": \"for\"\n         },\n"
                + "         \"platform\": {\n            \"architecture\": \"sun4m\",\n            \"os\": \"sunos\"\n"
                + "         }\n      }\n   ],\n"
                + "   \"annotations\": {\n      \"com.example.favourite-colour\": \"blue\",\n"
                + "      \"com.example.locale\": \"en_GB\"\n   }\n}";
    }

    // ocischema/index_test.go TestOCIImageIndex and TestOCIManifestIndexUnmarshal.
    @Test
    void ociIndexExposesItsManifestsAnnotationsDigestAndSize() {
        byte[] raw = bytes(ociIndex(mediaTypeLine(MediaTypes.OCI_INDEX)));
        ImageIndex index = assertInstanceOf(ImageIndex.class, ManifestDocument.parse(raw, MediaTypes.OCI_INDEX));
        assertEquals(Map.of("com.example.favourite-colour", "blue", "com.example.locale", "en_GB"), index.annotations());
        assertEquals(Digest.sha256(raw), index.digest());
        assertEquals(raw.length, index.size());
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        List<Descriptor> entries = index.manifests();
        assertEquals(3, entries.size());
        assertEquals("linux/amd64", entries.get(0).platform().orElseThrow().toString());
        assertEquals(Optional.empty(), entries.get(1).platform());
        assertEquals(Map.of("platform", "none"), entries.get(1).annotations());
        assertEquals(D6346, entries.get(2).digest().toString());
        assertEquals(2392, entries.get(2).size());
        assertEquals("sunos/sun4m", entries.get(2).platform().orElseThrow().toString());
    }

    // ocischema/index_test.go TestIndexMediaTypes.
    @Test
    void ociIndexMayOmitItsMediaType() {
        ManifestDocument doc = ManifestDocument.parse(bytes(ociIndex("")), MediaTypes.OCI_INDEX);
        assertEquals(MediaTypes.OCI_INDEX, doc.mediaType());
    }

    @Test
    void ociIndexWithAnotherMediaTypeIsRefused() {
        byte[] raw = bytes(ociIndex(mediaTypeLine(MediaTypes.OCI_INDEX + "XXX")));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_INDEX));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, null));
    }

    // ocischema validateIndex / validateManifest (TestValidateIndex, TestValidateManifest): a
    // manifest served as an index, or an index served as a manifest, is refused.
    @Test
    void manifestServedAsAnIndexIsRefused() {
        byte[] raw = bytes(ociManifest(""));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_INDEX));
    }

    @Test
    void indexServedAsAManifestIsRefused() {
        byte[] raw = bytes(ociIndex(""));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_MANIFEST));
    }

    // schema2/manifest_test.go expectedManifestSerialization.
    static String schema2(String mediaTypeLine) {
        return "{\n   \"schemaVersion\": 2,\n" + mediaTypeLine
                + "   \"config\": {\n      \"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n"
                + "      \"size\": 985,\n      \"digest\": \"" + D1A9E + "\"\n   },\n"
                + "   \"layers\": [\n      {\n         \"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\",\n"
                + "         \"size\": 153263,\n         \"digest\": \"" + D62D8 + "\"\n      }\n   ]\n}";
    }

    // schema2/manifest_test.go TestManifest.
    @Test
    void dockerManifestExposesConfigAndLayers() {
        byte[] raw = bytes(schema2(mediaTypeLine(MediaTypes.DOCKER_MANIFEST)));
        ImageManifest m = assertInstanceOf(ImageManifest.class, ManifestDocument.parse(raw, MediaTypes.DOCKER_MANIFEST));
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
        assertEquals(Descriptor.of(MediaTypes.DOCKER_CONFIG, Digest.parse(D1A9E), 985), m.config());
        assertEquals(List.of(Descriptor.of(MediaTypes.DOCKER_LAYER_TAR_GZIP, Digest.parse(D62D8), 153263)), m.layers());
        assertEquals(Digest.sha256(raw), m.digest());
    }

    // schema2/manifest_test.go TestMediaTypes: a Docker manifest must state its mediaType exactly.
    @ParameterizedTest
    @ValueSource(strings = {"", MediaTypes.DOCKER_MANIFEST + "XXX"})
    void dockerManifestWithoutItsExactMediaTypeIsRefused(String mediaType) {
        byte[] raw = bytes(schema2(mediaType.isEmpty() ? "" : mediaTypeLine(mediaType)));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.DOCKER_MANIFEST));
    }

    // manifestlist/manifestlist_test.go expectedManifestListSerialization.
    static String manifestList(String mediaTypeLine) {
        String m = "         \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n";
        return "{\n   \"schemaVersion\": 2,\n" + mediaTypeLine + "   \"manifests\": [\n"
                + "      {\n" + m + "         \"size\": 985,\n         \"digest\": \"" + D1A9E + "\",\n"
                + "         \"platform\": {\n            \"architecture\": \"amd64\",\n            \"os\": \"linux\",\n"
                + "            \"features\": [\n               \"sse4\"\n            ]\n         }\n      },\n"
                + "      {\n" + m + "         \"size\": 2392,\n         \"digest\": \"" + D6346 + "\",\n"
                + "         \"platform\": {\n            \"architecture\": \"sun4m\",\n            \"os\": \"sunos\"\n"
                + "         }\n      }\n   ]\n}";
    }

    // manifestlist/manifestlist_test.go TestManifestList.
    @Test
    void dockerManifestListExposesItsManifests() {
        byte[] raw = bytes(manifestList(mediaTypeLine(MediaTypes.DOCKER_MANIFEST_LIST)));
        ImageIndex list = assertInstanceOf(ImageIndex.class, ManifestDocument.parse(raw, MediaTypes.DOCKER_MANIFEST_LIST));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, list.mediaType());
        assertEquals(2, list.manifests().size());
        Descriptor first = list.manifests().get(0);
        assertEquals(MediaTypes.DOCKER_MANIFEST, first.mediaType());
        assertEquals(985, first.size());
        assertEquals("linux/amd64", first.platform().orElseThrow().toString());
        assertEquals("sunos/sun4m", list.manifests().get(1).platform().orElseThrow().toString());
        assertEquals(Digest.sha256(raw), list.digest());
        assertTrue(list.annotations().isEmpty());
    }

    // manifestlist/manifestlist_test.go TestMediaTypes: a manifest list must state its mediaType.
    @ParameterizedTest
    @ValueSource(strings = {"", MediaTypes.DOCKER_MANIFEST_LIST + "XXX"})
    void dockerManifestListWithoutItsExactMediaTypeIsRefused(String mediaType) {
        byte[] raw = bytes(manifestList(mediaType.isEmpty() ? "" : mediaTypeLine(mediaType)));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.DOCKER_MANIFEST_LIST));
    }

    // A manifest list is not an OCI index, nor the reverse: Content-Type and mediaType must agree.
    @Test
    void dockerManifestListServedAsAnOciIndexIsRefused() {
        byte[] raw = bytes(manifestList(mediaTypeLine(MediaTypes.DOCKER_MANIFEST_LIST)));
        assertThrows(InvalidManifestException.class, () -> ManifestDocument.parse(raw, MediaTypes.OCI_INDEX));
    }
}
