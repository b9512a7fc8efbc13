package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.Credential;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.TestImages;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TokenAuthMode;
import dev.stowage.testkit.TokenRequest;
import dev.stowage.testkit.TokenServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bearer token flow against the test kit's token server, with Distribution and with the
 * in-process registry (each with its own token server, so its own mode instance).
 */
class TokenAuthIT {
    private static final TokenAuthMode DISTRIBUTION_TOKENS = tokens();
    private static final TokenAuthMode IN_PROCESS_TOKENS = tokens();

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.of(RegistryConfig.plain().withMode(DISTRIBUTION_TOKENS));
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess(RegistryConfig.plain().withMode(IN_PROCESS_TOKENS));

    private static TokenAuthMode tokens() {
        return RegistryMode.token("alice", "s3cret-pw").denying("locked/src", "pull");
    }

    static Stream<Arguments> registries() {
        return Stream.of(Arguments.of(Named.of("Distribution", distribution), DISTRIBUTION_TOKENS),
                Arguments.of(Named.of("in-process", inProcess), IN_PROCESS_TOKENS));
    }

    @BeforeEach
    void forgetEarlierTokenRequests() {
        DISTRIBUTION_TOKENS.server().clearRequests();
        IN_PROCESS_TOKENS.server().clearRequests();
    }

    private static RegistryClient client(RegistryExtension registry, Credential credential) {
        return client(CredentialProvider.of(Map.of(registry.host(), credential)));
    }

    private static RegistryClient client(CredentialProvider credentials) {
        return RegistryClient.builder().credentials(credentials).certsDirectories(CertsDirectories.none()).build();
    }

    private static ImageReference repo(RegistryExtension registry, String name) {
        return ImageReference.parse(registry.host() + "/" + name);
    }

    private static List<TokenRequest> tokenRequests(TokenAuthMode tokens) {
        return tokens.server().requests();
    }

    private static Set<String> scopesOf(TokenRequest request) {
        return Set.copyOf(request.scopes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void anonymousAccessIsDenied(RegistryExtension registry, TokenAuthMode tokens) {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client(CredentialProvider.anonymous()).listTags(repo(registry, "token/anon")));

        assertTrue(e.getMessage().startsWith("unauthorized: "), e.getMessage());
        assertTrue(!e.getMessage().contains("stowage"), "the command line's advice is the command line's: " + e.getMessage());
        assertEquals(registry.host(), e.registry());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void basicCredentialsAreExchangedForAToken(RegistryExtension registry, TokenAuthMode tokens) {
        RegistryClient client = client(registry, tokens.credential());

        TestImages.pushImage(client, repo(registry, "token/app"), "1", 1);

        assertEquals(List.of("1"), client.listTags(repo(registry, "token/app")));
        assertTrue(tokenRequests(tokens).stream().allMatch(r -> r.method().equals("GET")
                && r.account().equals(Optional.of("alice")) && r.status() == 200), tokenRequests(tokens).toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void tokenIsCachedForRepeatedCallsWithTheSameScopes(RegistryExtension registry, TokenAuthMode tokens) {
        RegistryClient client = client(registry, tokens.credential());
        ImageReference repo = repo(registry, "token/cached");

        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.empty(), client.checkBlob(repo, Digest.sha256(new byte[] {(byte) i})));
        }

        assertEquals(1, tokenRequests(tokens).size(), tokenRequests(tokens).toString());
        assertEquals(Set.of("repository:token/cached:pull"), scopesOf(tokenRequests(tokens).get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void pushWidensAPullTokenToPullAndPush(RegistryExtension registry, TokenAuthMode tokens) {
        RegistryClient client = client(registry, tokens.credential());
        ImageReference repo = repo(registry, "token/widen");
        byte[] content = TestImages.random(2000, 2);
        client.checkBlob(repo, Digest.sha256(content));

        TestImages.pushBlob(client, repo, content, Optional.empty());

        List<Set<String>> scopes = tokenRequests(tokens).stream().map(TokenAuthIT::scopesOf).toList();
        assertEquals(List.of(Set.of("repository:token/widen:pull"), Set.of("repository:token/widen:pull,push")), scopes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void mountAsksOneTokenForPullOnTheSourceAndPushOnTheTarget(RegistryExtension registry, TokenAuthMode tokens) {
        RegistryClient client = client(registry, tokens.credential());
        byte[] content = TestImages.random(3000, 3);
        TestImages.pushBlob(client, repo(registry, "token/mount-src"), content, Optional.empty());
        tokens.server().clearRequests();

        BlobPush result = TestImages.pushBlob(client, repo(registry, "token/mount-dst"), content, Optional.of("token/mount-src"));

        assertEquals(BlobPush.Outcome.MOUNTED, result.outcome());
        assertEquals(1, tokenRequests(tokens).size(), tokenRequests(tokens).toString());
        assertEquals(Set.of("repository:token/mount-src:pull", "repository:token/mount-dst:pull,push"),
                scopesOf(tokenRequests(tokens).get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void mountDeniedOnTheSourceFallsBackToAnUploadAndSaysSo(RegistryExtension registry, TokenAuthMode tokens) {
        RegistryClient client = client(registry, tokens.credential());
        byte[] content = TestImages.random(4000, 4);
        ImageReference target = repo(registry, "token/mount-fallback");

        BlobPush result = TestImages.pushBlob(client, target, content, Optional.of("locked/src"));

        assertEquals(BlobPush.Outcome.UPLOADED_MOUNT_DENIED, result.outcome());
        assertEquals(content.length, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(target, Digest.sha256(content)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void identityTokenIsExchangedThroughTheOAuth2RefreshGrant(RegistryExtension registry, TokenAuthMode tokens) throws Exception {
        String refreshToken = offlineRefreshToken(tokens);
        tokens.server().clearRequests();
        RegistryClient client = client(registry, Credential.identityToken(refreshToken));

        assertThrows(NotFoundException.class, () -> client.listTags(repo(registry, "token/identity")),
                "authorized: the repository does not exist");

        assertEquals(1, tokenRequests(tokens).size(), tokenRequests(tokens).toString());
        TokenRequest request = tokenRequests(tokens).get(0);
        assertEquals("POST", request.method());
        assertEquals(Optional.of("refresh_token"), request.grantType());
        assertEquals(Optional.of("alice"), request.account());
        assertEquals(Set.of("repository:token/identity:pull"), scopesOf(request));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void wrongPasswordIsRejectedByTheTokenServer(RegistryExtension registry, TokenAuthMode tokens) {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client(registry, Credential.basic("alice", "wrong")).listTags(repo(registry, "token/app")));

        assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
        assertEquals(401, tokenRequests(tokens).get(tokenRequests(tokens).size() - 1).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void loginChecksTheCredentialThroughTheTokenServer(RegistryExtension registry, TokenAuthMode tokens) {
        client(CredentialProvider.anonymous()).checkCredential(registry.host(), tokens.credential());

        assertEquals(Optional.of("alice"), tokenRequests(tokens).get(0).account());
        assertThrows(UnauthorizedException.class, () -> client(CredentialProvider.anonymous())
                .checkCredential(registry.host(), Credential.basic("alice", "wrong")));
    }

    /** What {@code docker login} keeps as an identity token: a refresh token asked for with {@code offline_token}. */
    private static String offlineRefreshToken(TokenAuthMode tokens) throws Exception {
        URI uri = URI.create(tokens.server().realm() + "?service=" + TokenServer.SERVICE
                + "&offline_token=true&client_id=test");
        String basic = Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("refresh_token").asText();
    }
}
