package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.testkit.OciLayout;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.Skopeo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real jar says when a registry cannot be reached, and docker's rule for registries on
 * this machine: a real registry over HTTPS with a certificate from a CA the client does not know,
 * and one over plain HTTP, both on 127.0.0.1 and reached either by that address or as
 * {@code registry.test} (a hosts file given to the JVM), which is not loopback by its name.
 */
class ConnectionFailuresIT {
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
        ImageManifest image = layout.addImage("net", Platform.of("linux", "amd64"));
        layout.tag("1", image.toDescriptor());
        String source = "oci:" + shared.resolve("layout") + ":1";
        Skopeo.locate().copy(source, "docker://" + tls.host() + "/net/app:1", "--dest-tls-verify=false").requireSuccess();
        hosts = Files.writeString(shared.resolve("hosts"), "127.0.0.1 registry.test localhost\n");
    }

    private StowageProcess stowage() {
        return StowageProcess.in(scratch).withHostsFile(hosts).withEnvironment("DOCKER_CONFIG", scratch.toString())
                .withEnvironment("HOME", scratch.toString())
                .withEnvironment("CONTAINERS_REGISTRIES_CONF", scratch.resolve("none.conf").toString());
    }

    private static String named(RegistryExtension registry) {
        return "registry.test:" + registry.url().getPort();
    }

    @Test
    void aLoopbackRegistryWithACertificateNobodyTrustsIsReachedAsDockerDoes() throws Exception {
        StowageProcess.Result result = stowage().run("ls", tls.host() + "/net/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("1\n", result.out());
    }

    @Test
    void anotherHostWithAnUntrustedCertificateSaysWhyAndHowToTrustOrMarkIt() throws Exception {
        StowageProcess.Result result = stowage().run("ls", named(tls) + "/net/app");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().startsWith("stowage: cannot reach " + named(tls) + " while listing tags of "), result.err());
        assertTrue(result.err().contains(": TLS handshake with registry.test:" + tls.url().getPort()
                + " failed: its certificate is "), result.err());
        assertTrue(result.err().endsWith("or mark it insecure (--insecure-registry " + named(tls)
                + ", or insecure = true for it in registries.conf)\n"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void anotherHostServingPlainHttpSaysItSpeaksNoTlsAndHowToMarkIt() throws Exception {
        StowageProcess.Result result = stowage().run("ls", named(plain) + "/net/app");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().endsWith(": " + named(plain) + " does not speak TLS (a plain HTTP registry?); if it is a"
                + " plain HTTP registry, mark it insecure (--insecure-registry " + named(plain)
                + ", or insecure = true for it in registries.conf)\n"), result.err());
    }

    @Test
    void withTheFlagTheOtherHostIsReachedWithoutVerifying() throws Exception {
        StowageProcess.Result result = stowage().run("--insecure-registry", named(tls), "ls", named(tls) + "/net/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("1\n", result.out());
    }

    @Test
    void aRefusedConnectionSaysNothingListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        StowageProcess.Result result = stowage().run("ls", "127.0.0.1:" + port + "/app");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().endsWith(": connection refused: nothing listens on 127.0.0.1:" + port + "\n"), result.err());
    }

    @Test
    void aNameThatDoesNotResolveSaysSoAndIsNotRetried() throws Exception {
        StowageProcess.Result result = stowage().run("-v", "ls", "nosuch.test:5000/app");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().lines().anyMatch(l -> l.startsWith("stowage: cannot reach nosuch.test:5000 while listing")
                && l.endsWith(": no such host: nosuch.test does not resolve")), result.err());
        assertFalse(result.err().contains("retrying"), result.err());
    }
}
