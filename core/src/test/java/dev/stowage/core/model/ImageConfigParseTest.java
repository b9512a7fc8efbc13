package dev.stowage.core.model;

import static dev.stowage.core.model.ImageConfigDocumentsTest.document;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a parsed image config says, read from the spec's example and from configs docker wrote. */
class ImageConfigParseTest {

    private static ImageConfig parse(String json) {
        return ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsThePlatform() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-02.json"));
        assertEquals("arm64", config.architecture());
        assertEquals("linux", config.os());
        assertEquals(Optional.of("v8"), config.variant());
        assertEquals(Optional.empty(), config.osVersion());
        assertEquals(List.of(), config.osFeatures());
    }

    @Test
    void readsCreatedWithNanoseconds() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-01.json"));
        assertEquals(Optional.of(Instant.parse("2015-10-31T22:22:56.015925234Z")), config.created());
        assertEquals("Alyssa P. Hacker <alyspdev@example.com>", config.author());
    }

    @Test
    void readsTheContainerConfig() {
        ContainerConfig c = ImageConfig.parse(document("oci-config-valid-01.json")).config();
        assertEquals("alice", c.user());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "FOO=oci_is_a", "BAR=well_written_spec"), c.env());
        assertEquals(List.of("/bin/my-app-binary"), c.entrypoint());
        assertEquals(List.of("--foreground", "--config", "/etc/my-app.d/default.cfg"), c.cmd());
        assertEquals("/home/alice", c.workingDir());
        assertEquals(Map.of("com.example.project.git.url", "https://example.com/project.git",
                "com.example.project.git.commit", "45a939b2999782a3f005621a8d0f29aa387e1d6b"), c.labels());
        assertEquals(Set.of("8080/tcp"), c.exposedPorts());
        assertEquals(Set.of("/var/job-result-data", "/var/log/my-app-logs"), c.volumes());
        assertEquals("", c.stopSignal());
        assertFalse(c.argsEscaped());
    }

    @Test
    void readsTheStopSignal() {
        assertEquals("SIGKILL", ImageConfig.parse(document("oci-config-valid-02.json")).config().stopSignal());
    }

    @Test
    void readsTheDiffIdsInOrder() {
        RootFs rootfs = ImageConfig.parse(document("oci-config-valid-01.json")).rootfs();
        assertEquals("layers", rootfs.type());
        assertEquals(List.of(
                Digest.parse("sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"),
                Digest.parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")),
                rootfs.diffIds());
    }

    @Test
    void readsTheHistory() {
        List<HistoryEntry> history = ImageConfig.parse(document("oci-config-valid-01.json")).history();
        assertEquals(3, history.size());
        assertEquals(new HistoryEntry(Optional.of(Instant.parse("2015-10-31T22:22:55.613815829Z")),
                "/bin/sh -c #(nop) CMD [\"sh\"]", "", "", true), history.get(1));
        assertFalse(history.get(2).emptyLayer());
    }

    @Test
    void readsHistoryAuthorsWithGoEscapes() {
        HistoryEntry first = ImageConfig.parse(document("oci-config-valid-05.json")).history().get(0);
        assertEquals("Patrick Uiterwijk <patrick@puiterwijk.org>", first.author());
    }

    @Test
    void readsDockerNullsAsEmpty() {
        ContainerConfig c = ImageConfig.parse(document("oci-config-valid-05.json")).config();
        assertEquals(List.of(), c.cmd());
        assertEquals(List.of(), c.entrypoint());
        assertEquals(Set.of(), c.volumes());
        assertEquals(Map.of(), c.labels());
        assertEquals("", c.user());
    }

    @Test
    void readsAnAbsentConfigAsEmpty() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-03.json"));
        assertEquals(ContainerConfig.EMPTY, config.config());
        assertEquals(List.of(), config.history());
        assertEquals(Optional.empty(), config.created());
        assertEquals("", config.author());
    }

    @Test
    void treatsNullOptionalMembersAsAbsent() {
        ImageConfig config = parse("""
                {"architecture":"amd64","os":"linux","variant":null,"os.version":null,"os.features":null,
                 "created":null,"author":null,"history":null,
                 "config":{"User":null,"Env":null,"Entrypoint":null,"Cmd":null,"WorkingDir":null,"Labels":null,
                           "ExposedPorts":null,"Volumes":null,"StopSignal":null,"ArgsEscaped":null},
                 "rootfs":{"type":"layers","diff_ids":[]}}""");
        assertEquals(Optional.empty(), config.variant());
        assertEquals(ContainerConfig.EMPTY, config.config());
        assertEquals(List.of(), config.history());
    }

    @Test
    void acceptsANullConfig() {
        ImageConfig config = parse("""
                {"architecture":"amd64","os":"linux","config":null,"rootfs":{"type":"layers","diff_ids":[]}}""");
        assertEquals(ContainerConfig.EMPTY, config.config());
    }

    @Test
    void readsWindowsPlatformFields() {
        ImageConfig config = parse("""
                {"architecture":"amd64","os":"windows","os.version":"10.0.17763.1040","os.features":["win32k"],
                 "config":{"ArgsEscaped":true},"rootfs":{"type":"layers","diff_ids":[]}}""");
        assertEquals(Optional.of("10.0.17763.1040"), config.osVersion());
        assertEquals(List.of("win32k"), config.osFeatures());
        assertTrue(config.config().argsEscaped());
    }

    @Test
    void acceptsPortsWithAndWithoutProtocol() {
        ImageConfig config = parse("""
                {"architecture":"amd64","os":"linux",
                 "config":{"ExposedPorts":{"8080":{},"53/udp":{},"132/sctp":{},"8000-8010/tcp":{}}},
                 "rootfs":{"type":"layers","diff_ids":[]}}""");
        assertEquals(Set.of("8080", "53/udp", "132/sctp", "8000-8010/tcp"), config.config().exposedPorts());
    }

    @Test
    void acceptsUnknownMembersEverywhere() {
        ImageConfig config = parse("""
                {"architecture":"amd64","os":"linux","docker_version":"24.0.7","x":{"y":[1,2.5,null]},
                 "config":{"Healthcheck":{"Test":["CMD","true"]},"OnBuild":null,"Memory":2048},
                 "rootfs":{"type":"layers","diff_ids":[],"extra":true},
                 "history":[{"created_by":"x","vendor":{"k":"v"}}]}""");
        assertEquals("x", config.history().get(0).createdBy());
    }

    @Test
    void digestIsTheSha256OfTheBytesAsReceived() {
        byte[] raw = document("oci-config-valid-04.json");
        ImageConfig config = ImageConfig.parse(raw);
        assertEquals(Digest.sha256(raw), config.digest());
        assertArrayEquals(raw, config.raw());
    }

    @Test
    void rawIsADefensiveCopy() {
        byte[] raw = document("oci-config-valid-03.json");
        ImageConfig config = ImageConfig.parse(raw);
        raw[0] = ' ';
        config.raw()[1] = 'x';
        assertNotSame(config.raw(), config.raw());
        assertEquals(Digest.sha256(config.raw()), config.digest());
        assertEquals('{', config.raw()[0]);
    }

    @Test
    void equalBytesMakeEqualConfigs() {
        assertEquals(ImageConfig.parse(document("oci-config-valid-02.json")),
                ImageConfig.parse(document("oci-config-valid-02.json")));
    }

    @Test
    void aRunDefaultListIsImmutable() {
        ContainerConfig c = ImageConfig.parse(document("oci-config-valid-01.json")).config();
        assertThrows(UnsupportedOperationException.class, () -> c.env().add("X=1"));
    }
}
