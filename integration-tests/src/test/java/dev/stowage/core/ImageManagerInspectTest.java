package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.store.InMemoryImageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageManagerInspectTest {
    private final InMemoryImageStore store = new InMemoryImageStore();
    private final ImageManager images = ImageManager.builder().store(store).build();
    private TestImage.Stored app;

    @BeforeEach
    void image() {
        app = TestImage.created("2024-03-04T05:06:07Z").author("Ada").env("PATH", "/usr/bin").label("team", "web")
                .layer(3000, 1, "ADD rootfs").emptyStep("ENV PATH=/usr/bin", "buildkit.dockerfile.v0")
                .storeIn(store, "127.0.0.1:5000/app:1", "app:latest");
    }

    @Test
    void recordHasDockersFacts() {
        ImageInspection image = images.inspect("app").call();

        assertEquals(app.id(), image.id());
        assertEquals(app.manifest(), image.digest());
        assertEquals(List.of("127.0.0.1:5000/app:1", "app:latest"), image.repoTags());
        assertEquals(Optional.of(Instant.parse("2024-03-04T05:06:07Z")), image.created());
        assertEquals("Ada", image.author());
        assertEquals("amd64", image.architecture());
        assertEquals("linux", image.os());
        assertEquals(List.of("PATH=/usr/bin"), image.config().env());
        assertEquals("layers", image.rootFs().type());
        assertEquals("buildkit.dockerfile.v0", image.comment());
        assertEquals(store.resolve("app:latest").orElseThrow().size(), image.size());
        assertTrue(image.lastTagTime().isPresent());
    }

    @Test
    void repoDigestsPinEachRepositoryToTheManifestDigest() {
        assertEquals(List.of("127.0.0.1:5000/app@" + app.manifest(), "app@" + app.manifest()),
                images.inspect(app.id().toString()).call().repoDigests());
    }

    @Test
    void jsonHasDockersFieldNamesInDockersOrder() throws Exception {
        JsonNode json = new ObjectMapper().readTree(images.inspect("app:latest").call().toJson());

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author",
                "Config", "Architecture", "Os", "Size", "RootFS", "Metadata"), fields);
        assertEquals(app.id().toString(), json.get("Id").asText());
        assertEquals("2024-03-04T05:06:07Z", json.get("Created").asText());
        assertEquals("PATH=/usr/bin", json.get("Config").get("Env").get(0).asText());
        assertEquals("web", json.get("Config").get("Labels").get("team").asText());
        assertEquals("layers", json.get("RootFS").get("Type").asText());
        assertEquals(1, json.get("RootFS").get("Layers").size());
        assertTrue(json.get("Metadata").get("LastTagTime").asText().endsWith("Z"));
    }

    /** Stores an image whose config's {@code config} is {@code containerConfig} exactly as written. */
    private String storeWithConfig(String name, String containerConfig) {
        byte[] layer = "layer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        dev.stowage.core.model.Digest layerDigest = dev.stowage.core.model.Digest.sha256(layer);
        store.putBlob(layerDigest, layer.length, new java.io.ByteArrayInputStream(layer));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + containerConfig
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        dev.stowage.core.model.Digest configDigest = dev.stowage.core.model.Digest.sha256(config);
        store.putBlob(configDigest, config.length, new java.io.ByteArrayInputStream(config));
        dev.stowage.core.model.ImageManifest manifest = dev.stowage.core.model.ImageManifest.builder()
                .config(dev.stowage.core.model.Descriptor.of(dev.stowage.core.model.MediaTypes.OCI_CONFIG, configDigest,
                        config.length))
                .layers(List.of(dev.stowage.core.model.Descriptor.of(dev.stowage.core.model.MediaTypes.OCI_LAYER_TAR,
                        layerDigest, layer.length)))
                .build();
        store.tag(store.putManifest(manifest.raw(), dev.stowage.core.model.MediaTypes.OCI_MANIFEST),
                dev.stowage.core.reference.ImageReference.parse(name));
        return name;
    }

    private String dockerConfigOf(String name) throws Exception {
        return new ObjectMapper().readTree(images.inspect(name).call().toJson()).get("Config").toString();
    }

    @Test
    void configOfDockersOwnImageIsShownAsDockerWroteIt() throws Exception {
        // hello-world's config, as docker wrote it (distribution's test fixtures): docker shows it field for field
        String docker = "{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
                + "\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,"
                + "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\"Cmd\":[\"/hello\"],"
                + "\"ArgsEscaped\":true,\"Image\":\"sha256:a6d1aaad8ca65655449a26146699fe9d61240071f6992975be7e720f1cd42440\","
                + "\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,\"Labels\":null}";

        assertEquals(docker, dockerConfigOf(storeWithConfig("hello:latest", docker)));
    }

    @Test
    void configSettingLittleHasEveryFieldDockerShowsWithItsZeroValue() throws Exception {
        assertEquals("{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,\"AttachStdout\":false,"
                + "\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":[\"PATH=/bin\"],"
                + "\"Cmd\":null,\"Image\":\"\",\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,"
                + "\"Labels\":null}", dockerConfigOf(storeWithConfig("little:1", "{\"Env\":[\"PATH=/bin\"]}")));
        assertEquals(dockerConfigOf("little:1"), dockerConfigOf(storeWithConfig("none:1", "{\"Env\":[\"PATH=/bin\"],\"x\":1}")),
                "members docker does not know are left out");
    }

    @Test
    void configFieldsDockerOmitsWhenEmptyAreShownWhereDockerPutsThemWhenSet() throws Exception {
        String stored = "{\"Shell\":[\"/bin/sh\",\"-c\"],\"StopSignal\":\"SIGQUIT\",\"Labels\":{\"a\":\"b\"},\"OnBuild\":[],"
                + "\"Entrypoint\":[\"/init\"],\"WorkingDir\":\"/srv\",\"Volumes\":{\"/data\":{}},\"ArgsEscaped\":true,"
                + "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]},\"Cmd\":[\"nginx\"],\"Env\":[],\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"User\":\"app\",\"Memory\":0}";

        assertEquals("{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"app\",\"AttachStdin\":false,\"AttachStdout\":false,"
                + "\"AttachStderr\":false,\"ExposedPorts\":{\"80/tcp\":{}},\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,"
                + "\"Env\":[],\"Cmd\":[\"nginx\"],\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]},\"ArgsEscaped\":true,\"Image\":\"\","
                + "\"Volumes\":{\"/data\":{}},\"WorkingDir\":\"/srv\",\"Entrypoint\":[\"/init\"],\"OnBuild\":[],"
                + "\"Labels\":{\"a\":\"b\"},\"StopSignal\":\"SIGQUIT\",\"Shell\":[\"/bin/sh\",\"-c\"]}",
                dockerConfigOf(storeWithConfig("rich:1", stored)));
    }

    @Test
    void jsonIsIndentedAsDockerPrintsIt() {
        String json = images.inspect("app").call().toJson();

        assertTrue(json.startsWith("{\n    \"Id\": \"sha256:"), json);
        assertTrue(json.contains("\n    \"Parent\": \"\",\n"), json);
    }

    @Test
    void untaggedImageHasNoTagsAndZeroLastTagTime() throws Exception {
        TestImage.Stored loose = TestImage.created("2024-01-01T00:00:00Z").layer(100, 9, "ADD").storeIn(store);

        JsonNode json = new ObjectMapper().readTree(images.inspect(loose.id().hex()).call().toJson());

        assertEquals(0, json.get("RepoTags").size());
        assertEquals(0, json.get("RepoDigests").size());
        assertEquals("0001-01-01T00:00:00Z", json.get("Metadata").get("LastTagTime").asText());
    }

    @Test
    void variantAppearsOnlyWhenSet() {
        assertFalse(images.inspect("app").call().toJson().contains("\"Variant\""));
    }

    @Test
    void unknownImageIsNotFound() {
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, () -> images.inspect("nope:1").call());
        assertTrue(e.getMessage().contains("nope:1"), e.getMessage());
    }
}
