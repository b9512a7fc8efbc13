package dev.stowage.registry.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.TestImages;
import dev.stowage.testkit.ClientKeyFormat;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TlsMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A registry that demands client certificates, with the key in each PEM form {@code certs.d}
 * directories hold; Distribution and the in-process registry.
 */
class ClientCertIT {
    private static final TlsMode TLS = RegistryMode.tlsClientCert();

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(TLS));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(TLS));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    /** Each registry with each key form. */
    static Stream<Arguments> registriesAndKeyFormats() {
        return registries().flatMap(registry -> Arrays.stream(ClientKeyFormat.values())
                .map(format -> Arguments.of(registry, format)));
    }

    @TempDir
    Path certsRoot;

    private static RegistryClient client(Path root) {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.of(List.of(root))).build();
    }

    private static ImageReference repo(RegistryExtension registry, String name) {
        return ImageReference.parse(registry.host() + "/" + name);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("registriesAndKeyFormats")
    void theClientCertificateIsPresentedWithTheKeyIn(RegistryExtension registry, ClientKeyFormat format)
            throws IOException {
        TLS.writeCertsDirectory(certsRoot.resolve(registry.host()), format);
        RegistryClient client = client(certsRoot);
        byte[] content = TestImages.random(1500, format.ordinal());

        TestImages.pushBlob(client, repo(registry, "mtls/" + format.name().toLowerCase()), content, Optional.empty());

        assertEquals(OptionalLong.of(content.length),
                client.checkBlob(repo(registry, "mtls/" + format.name().toLowerCase()), Digest.sha256(content)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void withoutAClientCertificateTheRegistryRefusesTheConnection(RegistryExtension registry) throws IOException {
        Path hostDir = Files.createDirectories(certsRoot.resolve(registry.host()));
        Files.writeString(hostDir.resolve("ca.crt"), TLS.caCertificatePem());

        RegistryException e = assertThrows(RegistryException.class,
                () -> client(certsRoot).listTags(repo(registry, "mtls/none")));

        assertEquals(-1, e.statusCode(), "no HTTP answer: the client must not fall back to plain HTTP");
        assertTrue(e.getMessage().startsWith("cannot reach " + registry.host()), e.getMessage());
        assertTrue(e.getMessage().contains("client.cert and client.key in /etc/docker/certs.d/" + registry.host() + "/"),
                e.getMessage());
    }
}
