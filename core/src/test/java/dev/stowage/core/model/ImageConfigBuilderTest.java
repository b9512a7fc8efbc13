package dev.stowage.core.model;

import static dev.stowage.core.model.ImageConfigDocumentsTest.document;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writing image configs: canonical bytes, docker's field names, and nothing lost from a parsed config. */
class ImageConfigBuilderTest {
    private static final Instant T = Instant.parse("2024-01-02T03:04:05Z");
    private static final Digest LAYER = Digest.parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");

    private static ImageConfig.Builder everySetting() {
        return ImageConfig.builder()
                .architecture("amd64")
                .os("linux")
                .variant("v3")
                .created(T)
                .author("me")
                .user("1000:1000")
                .env(List.of("PATH=/bin"))
                .entrypoint(List.of("/app"))
                .cmd(List.of("--serve"))
                .workingDir("/srv")
                .labels(Map.of("a", "b"))
                .exposedPorts(Set.of("8080/tcp"))
                .volumes(Set.of("/data"))
                .stopSignal("SIGTERM")
                .addLayer(LAYER, new HistoryEntry(Optional.of(T), "COPY app /app", "", "", false))
                .addHistory(new HistoryEntry(Optional.of(T), "CMD [\"--serve\"]", "", "", true));
    }

    private static JsonNode tree(byte[] raw) {
        return Json.readObject(raw, "test document");
    }

    @Test
    void writesCompactSortedJsonWithDockerFieldNames() {
        String expected = "{\"architecture\":\"amd64\",\"author\":\"me\",\"config\":{\"Cmd\":[\"--serve\"],"
                + "\"Entrypoint\":[\"/app\"],\"Env\":[\"PATH=/bin\"],\"ExposedPorts\":{\"8080/tcp\":{}},"
                + "\"Labels\":{\"a\":\"b\"},\"StopSignal\":\"SIGTERM\",\"User\":\"1000:1000\",\"Volumes\":{\"/data\":{}},"
                + "\"WorkingDir\":\"/srv\"},\"created\":\"2024-01-02T03:04:05Z\",\"history\":["
                + "{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"COPY app /app\"},"
                + "{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"CMD [\\\"--serve\\\"]\",\"empty_layer\":true}],"
                + "\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[\"" + LAYER + "\"],\"type\":\"layers\"},\"variant\":\"v3\"}";
        assertEquals(expected, new String(everySetting().build().raw(), StandardCharsets.UTF_8));
    }

    @Test
    void readsBackWhatItWrote() {
        ImageConfig config = everySetting().build();
        assertEquals(new ContainerConfig("1000:1000", List.of("PATH=/bin"), List.of("/app"), List.of("--serve"), "/srv",
                Map.of("a", "b"), Set.of("8080/tcp"), Set.of("/data"), "SIGTERM", false, Optional.empty(), List.of(),
                List.of()), config.config());
        assertEquals(List.of(LAYER), config.rootfs().diffIds());
        assertEquals(Optional.of(T), config.created());
        assertEquals(2, config.history().size());
    }

    @Test
    void sameInputsGiveTheSameDigest() {
        ImageConfig first = everySetting().build();
        ImageConfig second = everySetting().build();
        assertEquals(first.digest(), second.digest());
        assertArrayEquals(first.raw(), second.raw());
    }

    @Test
    void digestIsOfTheWrittenBytes() {
        ImageConfig config = everySetting().build();
        assertEquals(Digest.sha256(config.raw()), config.digest());
    }

    @Test
    void labelInsertionOrderDoesNotChangeTheDigest() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new TreeMap<>(java.util.Comparator.reverseOrder());
        ba.putAll(ab);
        assertEquals(everySetting().labels(ab).build().digest(), everySetting().labels(ba).build().digest());
    }

    @Test
    void writesCreatedInUtcWithoutTrailingZeros() {
        Instant withOffset = OffsetDateTime.parse("2024-01-02T05:04:05.120+02:00").toInstant();
        String raw = new String(everySetting().created(withOffset).build().raw(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"created\":\"2024-01-02T03:04:05.12Z\""), raw);
    }

    @Test
    void writesNanosecondsExactly() {
        Instant nanos = Instant.parse("2015-10-31T22:22:56.015925234Z");
        assertEquals(Optional.of(nanos), everySetting().created(nanos).build().created());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"})
    void refusesACreatedRfc3339CannotExpress(String instant) {
        assertThrows(IllegalArgumentException.class, () -> everySetting().created(Instant.parse(instant)));
    }

    @Test
    void refusesToBuildWithoutOs() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> ImageConfig.builder().architecture("amd64").build());
        assertTrue(e.getMessage().contains("os is required"), e.getMessage());
    }

    @Test
    void refusesToBuildAnInvalidEnv() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> everySetting().env(List.of("PATH=/bin", "oops")).build());
        assertTrue(e.getMessage().contains("config.Env[1]"), e.getMessage());
    }

    @Test
    void refusesALayerWhoseHistorySaysEmpty() {
        assertThrows(IllegalArgumentException.class,
                () -> everySetting().addLayer(LAYER, new HistoryEntry(Optional.empty(), "ENV A=1", "", "", true)));
    }

    @Test
    void addLayerKeepsHistoryInStepWithTheLayers() {
        ImageConfig config = everySetting()
                .addLayer(LAYER, new HistoryEntry(Optional.of(T), "RUN make", "", "", false))
                .build();
        assertEquals(2, config.rootfs().diffIds().size());
        assertTrue(config.historyMatchesLayers());
    }

    @Test
    void toBuilderWithoutChangesKeepsEveryMember() {
        byte[] raw = document("oci-config-valid-04.json");
        ImageConfig rebuilt = ImageConfig.parse(raw).toBuilder().build();
        assertEquals(tree(raw), tree(rebuilt.raw()));
    }

    @Test
    void toBuilderKeepsUnknownMembersWhileChangingKnownOnes() {
        byte[] raw = document("oci-config-valid-04.json");
        ImageConfig changed = ImageConfig.parse(raw).toBuilder()
                .label("org.example.stage", "test")
                .env("DOCKER_VERSION", "24.0.7")
                .architecture("arm64")
                .build();
        ObjectNode expected = (ObjectNode) tree(raw);
        expected.put("architecture", "arm64");
        ObjectNode config = (ObjectNode) expected.get("config");
        ((ObjectNode) config.get("Labels")).put("org.example.stage", "test");
        config.withArray("Env").set(2, "DOCKER_VERSION=24.0.7");
        assertEquals(expected, tree(changed.raw()));
    }

    @Test
    void envReplacesAVariableInPlace() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-01.json")).toBuilder()
                .env("FOO", "x").env("NEW", "1").build();
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "FOO=x", "BAR=well_written_spec", "NEW=1"), config.config().env());
    }

    @Test
    void nullRemovesAMember() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-02.json")).toBuilder()
                .variant(null).user(null).cmd(null).labels(null).build();
        assertEquals(Optional.empty(), config.variant());
        JsonNode written = tree(config.raw());
        assertTrue(!written.has("variant") && !written.get("config").has("User")
                && !written.get("config").has("Cmd") && !written.get("config").has("Labels"), written.toString());
    }

    @Test
    void replacingTheHistoryKeepsUnknownMembersOfEntriesKept() {
        byte[] raw = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"history\":[{\"created_by\":\"one\",\"vendor\":1},{\"created_by\":\"two\",\"vendor\":2}]}")
                .getBytes(StandardCharsets.UTF_8);
        ImageConfig parsed = ImageConfig.parse(raw);
        HistoryEntry added = new HistoryEntry(Optional.empty(), "three", "", "", true);
        ImageConfig rebuilt = parsed.toBuilder()
                .history(List.of(parsed.history().get(1), parsed.history().get(0), added))
                .build();
        JsonNode history = tree(rebuilt.raw()).get("history");
        assertEquals(2, history.get(0).get("vendor").intValue());
        assertEquals(1, history.get(1).get("vendor").intValue());
        assertEquals(List.of(parsed.history().get(1), parsed.history().get(0), added), rebuilt.history());
    }

    @Test
    void replacingTheDiffIdsLeavesTheRestOfRootfs() {
        byte[] raw = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[],\"x\":1}}"
                .getBytes(StandardCharsets.UTF_8);
        ImageConfig rebuilt = ImageConfig.parse(raw).toBuilder().diffIds(List.of(LAYER, LAYER)).build();
        assertEquals(List.of(LAYER, LAYER), rebuilt.rootfs().diffIds());
        assertEquals(1, tree(rebuilt.raw()).get("rootfs").get("x").intValue());
    }

    @Test
    void settingARunDefaultOnANullConfigCreatesIt() {
        byte[] raw = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":null,\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        ImageConfig rebuilt = ImageConfig.parse(raw).toBuilder().exposedPort("53/udp").volume("/var/lib").build();
        assertEquals(Set.of("53/udp"), rebuilt.config().exposedPorts());
        assertEquals(Set.of("/var/lib"), rebuilt.config().volumes());
    }

    @Test
    void theParsedConfigIsUnchangedByItsBuilder() {
        ImageConfig parsed = ImageConfig.parse(document("oci-config-valid-01.json"));
        parsed.toBuilder().user("root").label("x", "y").build();
        assertEquals("alice", parsed.config().user());
        assertEquals(parsed, ImageConfig.parse(document("oci-config-valid-01.json")));
        assertEquals("alice", parsed.toBuilder().build().config().user());
    }
}
