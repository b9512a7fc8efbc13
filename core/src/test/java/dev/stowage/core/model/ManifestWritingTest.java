package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestWritingTest {
    static final Digest CONFIG_DIGEST =
            Digest.parse("sha256:1a9ec845ee94c202b2d5da74a24f0ed2058318bfa9879fa541efaecba272e86b");
    static final Digest LAYER_DIGEST =
            Digest.parse("sha256:62d8908bee94c202b2d35224a221aaa2058318bfa9879fa541efaecba272331b");
    static final Descriptor CONFIG = Descriptor.of(MediaTypes.OCI_CONFIG, CONFIG_DIGEST, 985);
    static final Descriptor LAYER = Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, LAYER_DIGEST, 153263);

    static String text(ManifestDocument doc) {
        return new String(doc.raw(), StandardCharsets.UTF_8);
    }

    @Test
    void ociManifestIsWrittenCompactInSpecFieldOrder() {
        ImageManifest m = ImageManifest.builder()
                .config(CONFIG.withAnnotations(Map.of("apple", "orange")))
                .addLayer(LAYER.withAnnotations(Map.of("lettuce", "wrap")))
                .annotation("hot", "potato")
                .build();
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + CONFIG_DIGEST + "\",\"size\":985,\"annotations\":{\"apple\":\"orange\"}},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + LAYER_DIGEST + "\",\"size\":153263,\"annotations\":{\"lettuce\":\"wrap\"}}],"
                + "\"annotations\":{\"hot\":\"potato\"}}", text(m));
    }

    @Test
    void builtManifestDigestIsOfItsBytes() {
        ImageManifest m = ImageManifest.builder().config(CONFIG).addLayer(LAYER).build();
        assertEquals(Digest.sha256(m.raw()), m.digest());
        assertEquals(m.raw().length, m.size());
    }

    @Test
    void builtManifestParsesBackToTheSameDocument() {
        Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, "s".getBytes(StandardCharsets.UTF_8));
        ImageManifest built = ImageManifest.builder()
                .artifactType("application/vnd.example.sbom.v1+json")
                .config(Descriptor.EMPTY_JSON)
                .addLayer(LAYER.withUrls(List.of("https://example.com/layer")))
                .subject(subject)
                .annotations(Map.of("org.opencontainers.image.created", "2024-01-02T03:04:05Z"))
                .build();
        ImageManifest parsed = (ImageManifest) ManifestDocument.parse(built.raw(), built.mediaType());
        assertEquals(built, parsed);
        assertEquals(Descriptor.EMPTY_JSON, parsed.config());
        assertEquals(List.of(LAYER.withUrls(List.of("https://example.com/layer"))), parsed.layers());
        assertEquals(Optional.of(subject), parsed.subject());
        assertEquals(Optional.of("application/vnd.example.sbom.v1+json"), parsed.artifactType());
        assertEquals(Map.of("org.opencontainers.image.created", "2024-01-02T03:04:05Z"), parsed.annotations());
    }

    @Test
    void annotationsAreWrittenInKeyOrder() {
        ImageManifest m = ImageManifest.builder().config(CONFIG).addLayer(LAYER)
                .annotation("b", "2").annotation("a", "1").build();
        assertTrue(text(m).endsWith("\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}"));
    }

    @Test
    void equalInputsGiveEqualBytes() {
        ImageManifest a = ImageManifest.builder().config(CONFIG).addLayer(LAYER).annotation("x", "1")
                .annotation("y", "2").build();
        ImageManifest b = ImageManifest.builder().config(CONFIG).addLayer(LAYER).annotation("y", "2")
                .annotation("x", "1").build();
        assertArrayEquals(a.raw(), b.raw());
    }

    @Test
    void dockerManifestIsWrittenWithItsMediaType() {
        ImageManifest m = ImageManifest.builder()
                .mediaType(MediaTypes.DOCKER_MANIFEST)
                .config(Descriptor.of(MediaTypes.DOCKER_CONFIG, CONFIG_DIGEST, 985))
                .addLayer(Descriptor.of(MediaTypes.DOCKER_LAYER_TAR_GZIP, LAYER_DIGEST, 153263))
                .build();
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\""
                + CONFIG_DIGEST + "\",\"size\":985},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"digest\":\""
                + LAYER_DIGEST + "\",\"size\":153263}]}", text(m));
        assertEquals(MediaTypes.DOCKER_MANIFEST, ManifestDocument.parse(m.raw(), null).mediaType());
    }

    @Test
    void dockerManifestRefusesOciOnlyParts() {
        ImageManifest.Builder builder = ImageManifest.builder().mediaType(MediaTypes.DOCKER_MANIFEST)
                .config(CONFIG).addLayer(LAYER).annotation("a", "b");
        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
        assertEquals("Docker schema2 manifests have no annotations, subject or artifactType; build an OCI manifest"
                + " (the default media type) to use them", e.getMessage());
    }

    @Test
    void manifestBuilderRefusesOtherMediaTypes() {
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> ImageManifest.builder().mediaType(MediaTypes.OCI_INDEX));
        assertTrue(index.getMessage().endsWith(", not " + MediaTypes.OCI_INDEX), index.getMessage());
        IllegalArgumentException parameter = assertThrows(IllegalArgumentException.class,
                () -> ImageManifest.builder().mediaType(MediaTypes.OCI_MANIFEST + "; charset=utf-8"));
        assertTrue(parameter.getMessage().endsWith(", not " + MediaTypes.OCI_MANIFEST + "; charset=utf-8"),
                parameter.getMessage());
    }

    @Test
    void manifestNeedsAConfig() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ImageManifest.builder().addLayer(LAYER).build());
        assertEquals("a manifest needs a config descriptor", e.getMessage());
    }

    @Test
    void ociManifestWithoutLayersIsRefusedAsParsingWouldRefuseIt() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> ImageManifest.builder().config(CONFIG).build());
        assertTrue(e.getMessage().startsWith("invalid manifest: layers: must have at least one entry"), e.getMessage());
    }

    @Test
    void indexIsWrittenCompactWithPlatforms() {
        Descriptor amd64 = Descriptor.of(MediaTypes.OCI_MANIFEST, CONFIG_DIGEST, 985)
                .withPlatform(Platform.of("linux", "amd64"));
        Descriptor arm64 = Descriptor.of(MediaTypes.OCI_MANIFEST, LAYER_DIGEST, 2392)
                .withPlatform(Platform.of("linux", "arm64", "v8"));
        ImageIndex index = ImageIndex.builder().addManifest(amd64).addManifest(arm64)
                .annotation("org.opencontainers.image.ref.name", "1.0").build();
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + CONFIG_DIGEST + "\",\"size\":985,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + LAYER_DIGEST
                + "\",\"size\":2392,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}],"
                + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"}}", text(index));
        assertEquals(List.of(amd64, arm64), ((ImageIndex) ManifestDocument.parse(index.raw(), null)).manifests());
    }

    @Test
    void platformOsVersionAndFeaturesAreWritten() {
        Platform windows = new Platform("windows", "amd64", Optional.empty(), Optional.of("10.0.17763.1"),
                List.of("win32k"));
        ImageIndex index = ImageIndex.builder()
                .addManifest(Descriptor.of(MediaTypes.OCI_MANIFEST, CONFIG_DIGEST, 985).withPlatform(windows))
                .build();
        ImageIndex parsed = (ImageIndex) ManifestDocument.parse(index.raw(), null);
        assertEquals(windows, parsed.manifests().get(0).platform().orElseThrow());
    }

    @Test
    void emptyIndexIsValid() {
        assertEquals(List.of(), ImageIndex.builder().build().manifests());
    }

    @Test
    void dockerManifestListIsWrittenWithItsMediaType() {
        ImageIndex list = ImageIndex.builder().mediaType(MediaTypes.DOCKER_MANIFEST_LIST)
                .addManifest(Descriptor.of(MediaTypes.DOCKER_MANIFEST, CONFIG_DIGEST, 985)
                        .withPlatform(Platform.of("linux", "amd64")))
                .build();
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, ManifestDocument.parse(list.raw(), null).mediaType());
    }

    @Test
    void dockerManifestListRefusesOciOnlyParts() {
        ImageIndex.Builder builder = ImageIndex.builder().mediaType(MediaTypes.DOCKER_MANIFEST_LIST)
                .artifactType("application/vnd.example+json");
        IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
        assertEquals("Docker manifest lists have no annotations, subject or artifactType; build an OCI index"
                + " (the default media type) to use them", e.getMessage());
    }

    @Test
    void indexBuilderRefusesOtherMediaTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageIndex.builder().mediaType(MediaTypes.OCI_MANIFEST));
        assertEquals("an index's media type is " + MediaTypes.OCI_INDEX + " or " + MediaTypes.DOCKER_MANIFEST_LIST
                + ", not " + MediaTypes.OCI_MANIFEST, e.getMessage());
    }

    @Test
    void embeddedDataIsWrittenAsBase64() {
        ImageManifest m = ImageManifest.builder()
                .config(Descriptor.EMPTY_JSON.withData("{}".getBytes(StandardCharsets.UTF_8)))
                .addLayer(LAYER).build();
        assertTrue(text(m).contains("\"size\":2,\"data\":\"e30=\""));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), m.config().data().orElseThrow());
    }

    @Test
    void toDescriptorOfABuiltManifestCarriesItsArtifactType() {
        ImageManifest m = ImageManifest.builder().artifactType("application/vnd.example+json")
                .config(Descriptor.EMPTY_JSON).addLayer(Descriptor.EMPTY_JSON).build();
        Descriptor d = m.toDescriptor();
        assertEquals(Descriptor.of(MediaTypes.OCI_MANIFEST, m.raw()).withArtifactType("application/vnd.example+json"), d);
    }
}
