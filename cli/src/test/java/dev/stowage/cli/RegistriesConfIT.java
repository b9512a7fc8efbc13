package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.OciLayout;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * containers-registries.conf(5) obeyed by every command of the real jar: the file
 * {@code CONTAINERS_REGISTRIES_CONF} names, else the user's own with its drop-ins. Two real
 * registries on 127.0.0.1, one over plain HTTP and one over HTTPS with a certificate from a CA the
 * client does not know, are reached as {@code registry.test:PORT} (a hosts file given to the JVM),
 * a name that is not loopback, so only {@code insecure = true} lets the client in.
 */
class RegistriesConfIT {
    @RegisterExtension
    static RegistryExtension plain = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension tls = RegistryExtension.of(RegistryConfig.plain().withMode(RegistryMode.tls()));

    @TempDir
    static Path shared;

    @TempDir
    Path scratch;

    private static Path hosts;

    @BeforeAll
    static void pushImages() throws Exception {
        OciLayout layout = OciLayout.create(shared.resolve("layout"));
        ImageManifest image = layout.addImage("conf", Platform.of("linux", "amd64"));
        layout.tag("1", image.toDescriptor());
        Skopeo skopeo = Skopeo.locate();
        String source = "oci:" + shared.resolve("layout") + ":1";
        skopeo.copy(source, "docker://" + plain.host() + "/conf/app:1").requireSuccess();
        skopeo.copy(source, "docker://" + tls.host() + "/conf/app:1", "--dest-tls-verify=false").requireSuccess();
        hosts = Files.writeString(shared.resolve("hosts"), "127.0.0.1 registry.test localhost\n");
    }

    private static String named(RegistryExtension registry) {
        return "registry.test:" + registry.url().getPort();
    }

    /** stowage with no docker credentials, {@code HOME} in the scratch directory and {@code registry.test} on 127.0.0.1. */
    private StowageProcess stowage() {
        return StowageProcess.in(scratch).withHostsFile(hosts).withEnvironment("DOCKER_CONFIG", scratch.toString())
                .withEnvironment("HOME", scratch.resolve("home").toString());
    }

    private StowageProcess withConf(String toml) throws Exception {
        Path conf = Files.writeString(scratch.resolve("registries.conf"), toml);
        return stowage().withEnvironment("CONTAINERS_REGISTRIES_CONF", conf.toString());
    }

    @Test
    void aRegistryMarkedInsecureIsReachedOverPlainHttp() throws Exception {
        StowageProcess.Result result = withConf("[[registry]]\nlocation = \"" + named(plain) + "\"\ninsecure = true\n")
                .run("ls", named(plain) + "/conf/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("1\n", result.out());
    }

    @Test
    void aTlsRegistryWhoseCertificateIsNotTrustedIsReachedWhenMarkedInsecure() throws Exception {
        StowageProcess.Result result = withConf("[[registry]]\nprefix = \"" + named(tls) + "/conf\"\ninsecure = true\n")
                .run("ls", named(tls) + "/conf/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("1\n", result.out());
    }

    @Test
    void withoutTheMarkATlsRegistryWithAnUntrustedCertificateIsRefused() throws Exception {
        StowageProcess.Result result = withConf("").run("ls", named(tls) + "/conf/app");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().contains("cannot reach " + named(tls)), result.err());
    }

    @Test
    void theUsersOwnFileIsReadWhenNoFileIsNamed() throws Exception {
        Path user = Files.createDirectories(scratch.resolve("home/.config/containers"));
        Files.writeString(user.resolve("registries.conf"), "[[registry]]\nlocation = \"" + named(plain) + "\"\ninsecure = true\n");

        StowageProcess.Result result = stowage().run("ls", named(plain) + "/conf/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("1\n", result.out());
    }

    @Test
    void aDropInOfTheUserIsReadAfterTheNamedFile() throws Exception {
        Path dropIns = Files.createDirectories(scratch.resolve("home/.config/containers/registries.conf.d"));
        Files.writeString(dropIns.resolve("50-test.conf"), "[[registry]]\nlocation = \"" + named(plain) + "\"\ninsecure = true\n");

        StowageProcess.Result result = withConf("[[registry]]\nlocation = \"" + named(plain) + "\"\n")
                .run("ls", named(plain) + "/conf/app");

        assertEquals(0, result.exitCode(), result.err());
    }

    @Test
    void aBlockedRepositoryIsRefusedByEveryCommandBeforeAnyRequest() throws Exception {
        StowageProcess conf = withConf("[[registry]]\nprefix = \"" + plain.host() + "/conf\"\nlocation = \"" + plain.host()
                + "/conf\"\nblocked = true\n");
        Path store = scratch.resolve("store");
        long logBefore = Files.size(plain.logFile());

        List<StowageProcess.Result> results = List.of(
                conf.run("--store", store.toString(), "pull", plain.host() + "/conf/app:1"),
                conf.run("ls", plain.host() + "/conf/app"),
                conf.run("manifest", plain.host() + "/conf/app:1"),
                conf.run("digest", plain.host() + "/conf/app:1"));

        for (StowageProcess.Result result : results) {
            assertEquals(1, result.exitCode(), result.out());
            assertTrue(result.err().startsWith("stowage: " + plain.host() + "/conf/app"), result.err());
            assertTrue(result.err().endsWith(" is blocked: " + scratch.resolve("registries.conf") + " marks \"" + plain.host()
                    + "/conf\" blocked = true, so Stowage does not contact it\n"), result.err());
        }
        byte[] log = Files.readAllBytes(plain.logFile());
        assertFalse(new String(log, (int) logBefore, log.length - (int) logBefore, StandardCharsets.UTF_8).contains("/v2/conf/"),
                "the registry saw no request for the blocked repository");
    }

    @Test
    void aBlockedRegistryRefusesPushLoginCatalogAndSearch() throws Exception {
        StowageProcess conf = withConf("[[registry]]\nlocation = \"" + plain.host() + "\"\nblocked = true\n");
        Path store = scratch.resolve("store");
        try (FileImageStore s = FileImageStore.open(store)) {
            RemoteFixtures.image(s, plain.host() + "/pushed:1", 1, 100);
        }

        List<StowageProcess.Result> results = List.of(
                conf.run("--store", store.toString(), "push", plain.host() + "/pushed:1"),
                conf.run("catalog", plain.host()),
                conf.run("search", plain.host() + "/conf"),
                conf.withStdin("secret\n").run("login", plain.host(), "-u", "alice", "--password-stdin"));

        for (StowageProcess.Result result : results) {
            assertEquals(1, result.exitCode(), result.out());
            assertTrue(result.err().startsWith("stowage: " + plain.host()) && result.err().contains(" is blocked: "),
                    result.err());
        }
    }

    @Test
    void aBrokenFileIsOneErrorNamingIt() throws Exception {
        StowageProcess.Result result = withConf("[[registry]]\nlocation = \"https://" + plain.host() + "\"\n")
                .run("ls", plain.host() + "/conf/app");

        assertEquals(1, result.exitCode(), result.out());
        assertEquals("stowage: invalid " + scratch.resolve("registries.conf") + ": invalid location \"https://" + plain.host()
                + "\": URI schemes are not supported; write host[:port][/path]\n", result.err());
    }
}
