package dev.stowage.registry.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.TestImages;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TlsMode;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTPS with a certificate from a private CA, to Distribution and to the in-process registry. */
class TlsIT {
    private static final TlsMode TLS = RegistryMode.tls();

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(TLS));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(TLS));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    private static RegistryClient client(CertsDirectories certs) {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous()).certsDirectories(certs).build();
    }

    private static ImageReference repo(RegistryExtension registry, String name) {
        return ImageReference.parse(registry.host() + "/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void theCaInCertsDirectoryLetsTheClientPushAndPull(RegistryExtension registry) {
        RegistryClient client = client(CertsDirectories.of(List.of(registry.certsDirectory())));
        ImageReference repo = repo(registry, "tls/app");

        TestImages.pushImage(client, repo, "1", 1);

        assertEquals(List.of("1"), client.listTags(repo));
        byte[] layer = TestImages.random(1000, 1);
        assertArrayEquals(layer, TestImages.fetchBlob(client, repo, Digest.sha256(layer), layer.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void withoutTheCaTheCertificateIsRefusedWithATlsErrorNamingCertsDirectory(RegistryExtension registry) {
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(CertsDirectories.none()).listTags(repo(registry, "tls/app")));

        assertEquals(-1, e.statusCode(), "no HTTP answer: the client must not fall back to plain HTTP");
        assertTrue(causes(e, SSLHandshakeException.class), "cause: " + e.getCause());
        assertTrue(e.getMessage().contains("certs.d/" + registry.host() + "/ca.crt"), e.getMessage());
        assertTrue(e.getMessage().contains("certificate not trusted: no trusted certificate authority issued it"),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void aRefusedCertificateIsNotRetried(RegistryExtension registry) {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        Digest digest = Digest.sha256(new byte[] {1});

        assertThrows(RegistryException.class, () -> client(CertsDirectories.none())
                .fetchBlob(repo(registry, "tls/once"), digest, 1, OutputStream.nullOutputStream(), events::add));

        assertEquals(List.of(), events.stream().filter(ProgressEvent.Retrying.class::isInstance).toList());
    }

    private static boolean causes(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
