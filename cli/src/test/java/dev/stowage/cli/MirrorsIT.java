package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [[registry.mirror]]} of registries.conf for pulls, with two real Distribution registries:
 * the registry and its mirror (which keeps its copies under {@code hub/}). Images are pushed to
 * one, the other or both, with different content under the same tag where the test must tell
 * which one served the pull; what each registry was asked is read from its log.
 */
class MirrorsIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension mirror = RegistryExtension.plain();

    @TempDir
    static Path origin;

    @TempDir
    Path scratch;

    private static BuiltImage onMirrorOnly;
    private static BuiltImage onRegistryOnly;
    private static BuiltImage registryVersion;
    private static BuiltImage mirrorVersion;

    /** Pushes {@code seed}'s image to {@code target}. */
    private static BuiltImage push(String target, long seed) throws Exception {
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(origin)) {
            built = RemoteFixtures.image(s, target, seed, 2_000);
        }
        StowageProcess.Result pushed = StowageProcess.in(origin.getParent()).run("--store", origin.toString(), "push", "-q", target);
        assertEquals(0, pushed.exitCode(), pushed.err());
        return built;
    }

    @BeforeAll
    static void pushImages() throws Exception {
        onMirrorOnly = push(mirror.host() + "/hub/team/cached:1", 1);
        onRegistryOnly = push(registry.host() + "/team/fresh:1", 2);
        registryVersion = push(registry.host() + "/team/both:1", 3);
        mirrorVersion = push(mirror.host() + "/hub/team/both:1", 4);
    }

    private StowageProcess.Result pull(String conf, String... args) throws Exception {
        Path file = Files.writeString(scratch.resolve("registries.conf"), conf);
        String[] all = Stream.concat(Stream.of("--store", scratch.resolve("store").toString(), "pull"), Stream.of(args))
                .toArray(String[]::new);
        return StowageProcess.run(scratch, Map.of("CONTAINERS_REGISTRIES_CONF", file.toString(),
                "HOME", scratch.toString(), "DOCKER_CONFIG", scratch.toString()), all);
    }

    private static String mirrorConf(String extra) {
        return "[[registry]]\nlocation = \"" + registry.host() + "\"\n" + extra
                + "[[registry.mirror]]\nlocation = \"" + mirror.host() + "/hub\"\n";
    }

    private static String logOf(RegistryExtension r) throws Exception {
        return new String(Files.readAllBytes(r.logFile()), StandardCharsets.UTF_8);
    }

    @Test
    void aPullIsServedByTheMirrorAndSaysSoWithoutAskingTheRegistry() throws Exception {
        StowageProcess.Result result = pull(mirrorConf(""), registry.host() + "/team/cached:1");

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.contains("Digest: " + onMirrorOnly.manifestDigest()), result.out());
        assertTrue(lines.contains("Source: " + mirror.host() + "/hub/team/cached:1"), result.out());
        assertEquals(registry.host() + "/team/cached:1", lines.get(lines.size() - 1), "stored under the name pulled");
        assertFalse(logOf(registry).contains("/v2/team/cached/"), "the registry was not asked");
    }

    @Test
    void whatTheMirrorLacksComesFromTheRegistry() throws Exception {
        StowageProcess.Result result = pull(mirrorConf(""), registry.host() + "/team/fresh:1");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch(("Digest: " + onRegistryOnly.manifestDigest())::equals), result.out());
        assertFalse(result.out().contains("Source: "), result.out());
        assertTrue(logOf(mirror).contains("/v2/hub/team/fresh/manifests/1"), "the mirror was asked first");
    }

    @Test
    void theMirrorComesFirstWhenBothHaveTheTag() throws Exception {
        StowageProcess.Result result = pull(mirrorConf(""), registry.host() + "/team/both:1");

        assertTrue(result.out().lines().anyMatch(("Digest: " + mirrorVersion.manifestDigest())::equals), result.out());
    }

    @Test
    void aMirrorByDigestOnlyLeavesPullsByTagToTheRegistryAndServesPullsByDigest() throws Exception {
        String conf = mirrorConf("mirror-by-digest-only = true\n");

        StowageProcess.Result byTag = pull(conf, registry.host() + "/team/both:1");
        StowageProcess.Result byDigest = pull(conf, registry.host() + "/team/cached@" + onMirrorOnly.manifestDigest());

        assertTrue(byTag.out().lines().anyMatch(("Digest: " + registryVersion.manifestDigest())::equals), byTag.out());
        assertEquals(0, byDigest.exitCode(), byDigest.err());
        assertTrue(byDigest.out().contains("Source: " + mirror.host() + "/hub/team/cached@" + onMirrorOnly.manifestDigest()),
                byDigest.out());
    }

    @Test
    void anUnreachableMirrorIsPassedOver() throws Exception {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        String conf = "[[registry]]\nlocation = \"" + registry.host() + "\"\n[[registry.mirror]]\nlocation = \"127.0.0.1:"
                + closed + "/hub\"\n";

        StowageProcess.Result result = pull(conf, registry.host() + "/team/fresh:1");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch(("Digest: " + onRegistryOnly.manifestDigest())::equals), result.out());
    }

    @Test
    void whenNeitherHasTheImageTheRegistrysAnswerIsTheError() throws Exception {
        StowageProcess.Result result = pull(mirrorConf(""), registry.host() + "/team/nowhere:1");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().startsWith("stowage: manifest unknown: " + registry.host() + "/team/nowhere:1"), result.err());
    }
}
