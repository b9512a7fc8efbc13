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
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsModeIT {
    private static final TlsMode TLS = RegistryMode.tls();

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(TLS));

    private static int ping(HttpClient client, URI base) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve("/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void servesHttpsOnTheLoopbackAddress() {
        assertEquals(URI.create("https://" + registry.host()), registry.url());
    }

    @Test
    void clientsTrustingTheModesCaAreServed() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TLS.clientSslContext().orElseThrow()).build();

        assertEquals(200, ping(client, registry.url()));
    }

    @Test
    void theServerCertificateAlsoNamesLocalhost() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TLS.clientSslContext().orElseThrow()).build();

        assertEquals(200, ping(client, URI.create("https://localhost:" + registry.registry().port())));
    }

    @Test
    void clientsWithOnlyTheJdkTrustStoreRefuseTheCertificate() {
        assertThrows(SSLHandshakeException.class, () -> ping(HttpClient.newHttpClient(), registry.url()));
    }

    @Test
    void certsDirectoryHoldsTheCaForTheRegistrysHostAndPort() throws IOException {
        Path hostDir = registry.certsDirectory().resolve(registry.host());

        assertEquals(TLS.caCertificatePem(), Files.readString(hostDir.resolve("ca.crt")));
        assertTrue(Files.notExists(hostDir.resolve("client.cert")), "no client certificate is demanded");
    }
}
