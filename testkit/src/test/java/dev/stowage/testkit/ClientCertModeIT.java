package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RegistryMode#tlsClientCert()}, on Distribution and on the in-process registry (one CA serves both). */
class ClientCertModeIT {
    private static final TlsMode TLS = RegistryMode.tlsClientCert();

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(TLS));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(TLS));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    /** Bounded, so that a refusal the client never notices fails the test instead of stalling the build. */
    private static int ping(HttpClient client, RegistryExtension registry) throws Exception {
        return client.send(HttpRequest.newBuilder(registry.url().resolve("/v2/")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void clientsPresentingTheModesCertificateAreServed(RegistryExtension registry) throws Exception {
        assertEquals(200, ping(HttpClient.newBuilder().sslContext(TLS.clientSslContext().orElseThrow()).build(), registry));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void clientsWithoutACertificateAreRefused(RegistryExtension registry) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(TLS.caCertificatePem().getBytes())));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext caOnly = SSLContext.getInstance("TLS");
        caOnly.init(null, tmf.getTrustManagers(), null);

        // TLS 1.2: the server asks for the certificate inside the handshake, so the refusal is the
        // handshake's failure. Under TLS 1.3 it comes as an alert after the client's Finished, which
        // the JDK client now and then never reads (seen: 1 run in ~8 waited until its timeout).
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        IOException refused = assertThrows(IOException.class,
                () -> ping(HttpClient.newBuilder().sslContext(caOnly).sslParameters(tls12).build(), registry));
        assertFalse(refused instanceof HttpTimeoutException, "the registry should refuse the client, not leave it waiting");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void certsDirectoryHoldsCaClientCertificateAndKey(RegistryExtension registry) throws IOException {
        Path hostDir = registry.certsDirectory().resolve(registry.host());

        assertTrue(Files.readString(hostDir.resolve("client.cert")).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(hostDir.resolve("client.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.isRegularFile(hostDir.resolve("ca.crt")));
    }

    @Test
    void writesTheClientKeyInEachPemForm(@TempDir Path dir) throws IOException {
        assertKeyHeader(dir, ClientKeyFormat.RSA_PKCS1, "-----BEGIN RSA PRIVATE KEY-----");
        assertKeyHeader(dir, ClientKeyFormat.RSA_PKCS8, "-----BEGIN PRIVATE KEY-----");
        assertKeyHeader(dir, ClientKeyFormat.EC_SEC1, "-----BEGIN EC PRIVATE KEY-----");
        assertKeyHeader(dir, ClientKeyFormat.EC_PKCS8, "-----BEGIN PRIVATE KEY-----");
    }

    private static void assertKeyHeader(Path dir, ClientKeyFormat format, String header) throws IOException {
        Path hostDir = dir.resolve(format.name());
        TLS.writeCertsDirectory(hostDir, format);
        String key = Files.readString(hostDir.resolve("client.key"));
        assertTrue(key.startsWith(header), format + ": " + key.lines().findFirst().orElse(""));
    }
}
