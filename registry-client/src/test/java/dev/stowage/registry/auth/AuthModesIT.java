package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.Credential;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.TestImages;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.HtpasswdMode;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Basic authentication with an htpasswd user, against Distribution and the in-process registry. */
class AuthModesIT {
    private static final HtpasswdMode AUTH = RegistryMode.htpasswd("alice", "correct horse battery");

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(AUTH));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(AUTH));

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    @TempDir
    Path dockerConfig;

    private DockerCredentials store() {
        return DockerCredentials.builder().configDir(dockerConfig).build();
    }

    private static RegistryClient client(dev.stowage.core.spi.CredentialProvider credentials) {
        return RegistryClient.builder().credentials(credentials).certsDirectories(CertsDirectories.none()).build();
    }

    private static ImageReference repo(RegistryExtension registry, String name) {
        return ImageReference.parse(registry.host() + "/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void loginChecksThenStoresTheCredentialInConfigJsonReadableByTheOwnerOnly(RegistryExtension registry) throws Exception {
        client(CredentialProvider.anonymous()).login(registry.host(), AUTH.credential(), store());

        Path file = dockerConfig.resolve("config.json");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        JsonNode entry = new ObjectMapper().readTree(file.toFile()).path("auths").path(registry.host());
        String expected = Base64.getEncoder().encodeToString("alice:correct horse battery".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, entry.path("auth").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void storedLoginPushesListsAndPulls(RegistryExtension registry) {
        client(CredentialProvider.anonymous()).login(registry.host(), AUTH.credential(), store());
        RegistryClient client = client(store());
        ImageReference repo = repo(registry, "basic/app");

        byte[] manifest = TestImages.pushImage(client, repo, "1", 1);

        assertEquals(List.of("1"), client.listTags(repo));
        assertArrayEquals(manifest, client.fetchManifest(repo.withTag("1")).raw());
        byte[] layer = TestImages.random(1000, 1);
        assertArrayEquals(layer, TestImages.fetchBlob(client, repo, Digest.sha256(layer), layer.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void wrongPasswordIsUnauthorizedNamingTheRegistryAndNoSecret(RegistryExtension registry) {
        Credential wrong = Credential.basic("alice", "not-the-password");

        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client(CredentialProvider.anonymous()).login(registry.host(), wrong, store()));

        assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
        assertFalse(e.toString().contains("not-the-password"), e.toString());
        String base64 = Base64.getEncoder().encodeToString("alice:not-the-password".getBytes(StandardCharsets.UTF_8));
        assertFalse(e.toString().contains(base64), e.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void rejectedLoginStoresNothing(RegistryExtension registry) {
        Credential wrong = Credential.basic("alice", "not-the-password");

        assertThrows(UnauthorizedException.class,
                () -> client(CredentialProvider.anonymous()).login(registry.host(), wrong, store()));

        assertFalse(Files.exists(dockerConfig.resolve("config.json")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void anonymousAccessNeedsLogin(RegistryExtension registry) {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client(CredentialProvider.anonymous()).listTags(repo(registry, "basic/app")));

        assertTrue(e.getMessage().endsWith("needs credentials for " + registry.host()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void storedWrongPasswordIsReportedAsRejected(RegistryExtension registry) {
        RegistryClient client = client(CredentialProvider.of(Map.of(registry.host(),
                Credential.basic("alice", "stale"))));

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> client.listTags(repo(registry, "basic/app")));

        assertTrue(e.getMessage().contains("rejected"), e.getMessage());
    }
}
