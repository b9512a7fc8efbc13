package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RegistryMode#tls()}, on Distribution and on the in-process registry (one CA serves both). */
class TlsModeIT {
    private static final TlsMode TLS = RegistryMode.tls();

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(TLS));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(TLS));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    private static int ping(HttpClient client, URI base) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve("/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void servesHttpsOnTheLoopbackAddress(RegistryExtension registry) {
        assertEquals(URI.create("https://" + registry.host()), registry.url());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void clientsTrustingTheModesCaAreServed(RegistryExtension registry) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TLS.clientSslContext().orElseThrow()).build();

        assertEquals(200, ping(client, registry.url()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void theServerCertificateAlsoNamesLocalhost(RegistryExtension registry) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TLS.clientSslContext().orElseThrow()).build();

        assertEquals(200, ping(client, URI.create("https://localhost:" + registry.registry().port())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void clientsWithOnlyTheJdkTrustStoreRefuseTheCertificate(RegistryExtension registry) {
        assertThrows(SSLHandshakeException.class, () -> ping(HttpClient.newHttpClient(), registry.url()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void certsDirectoryHoldsTheCaForTheRegistrysHostAndPort(RegistryExtension registry) throws IOException {
        Path hostDir = registry.certsDirectory().resolve(registry.host());

        assertEquals(TLS.caCertificatePem(), Files.readString(hostDir.resolve("ca.crt")));
        assertTrue(Files.notExists(hostDir.resolve("client.cert")), "no client certificate is demanded");
    }
}
