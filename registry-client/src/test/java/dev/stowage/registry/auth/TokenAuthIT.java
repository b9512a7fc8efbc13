package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.Credential;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bearer token flow against the real registry and the test kit's token server. */
class TokenAuthIT {
    private static final TokenAuthMode TOKENS = RegistryMode.token("alice", "s3cret-pw").denying("locked/src", "pull");

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(TOKENS));

    @BeforeEach
    void forgetEarlierTokenRequests() {
        TOKENS.server().clearRequests();
    }

    private static RegistryClient client(Credential credential) {
        return client(CredentialProvider.of(Map.of(registry.host(), credential)));
    }

    private static RegistryClient client(CredentialProvider credentials) {
        return RegistryClient.builder().credentials(credentials).certsDirectories(CertsDirectories.none()).build();
    }

    private static ImageReference repo(String name) {
        return ImageReference.parse(registry.host() + "/" + name);
    }

    private static List<TokenRequest> tokenRequests() {
        return TOKENS.server().requests();
    }

    private static Set<String> scopesOf(TokenRequest request) {
        return Set.copyOf(request.scopes());
    }

    @Test
    void anonymousAccessIsDenied() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client(CredentialProvider.anonymous()).listTags(repo("token/anon")));

        assertTrue(e.getMessage().contains("stowage login " + registry.host()), e.getMessage());
    }

    @Test
    void basicCredentialsAreExchangedForAToken() {
        RegistryClient client = client(TOKENS.credential());

        TestImages.pushImage(client, repo("token/app"), "1", 1);

        assertEquals(List.of("1"), client.listTags(repo("token/app")));
        assertTrue(tokenRequests().stream().allMatch(r -> r.method().equals("GET")
                && r.account().equals(Optional.of("alice")) && r.status() == 200), tokenRequests().toString());
    }

    @Test
    void tokenIsCachedForRepeatedCallsWithTheSameScopes() {
        RegistryClient client = client(TOKENS.credential());
        ImageReference repo = repo("token/cached");

        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.empty(), client.checkBlob(repo, Digest.sha256(new byte[] {(byte) i})));
        }

        assertEquals(1, tokenRequests().size(), tokenRequests().toString());
        assertEquals(Set.of("repository:token/cached:pull"), scopesOf(tokenRequests().get(0)));
    }

    @Test
    void pushWidensAPullTokenToPullAndPush() {
        RegistryClient client = client(TOKENS.credential());
        ImageReference repo = repo("token/widen");
        byte[] content = TestImages.random(2000, 2);
        client.checkBlob(repo, Digest.sha256(content));

        TestImages.pushBlob(client, repo, content, Optional.empty());

        List<Set<String>> scopes = tokenRequests().stream().map(TokenAuthIT::scopesOf).toList();
        assertEquals(List.of(Set.of("repository:token/widen:pull"), Set.of("repository:token/widen:pull,push")), scopes);
    }

    @Test
    void mountAsksOneTokenForPullOnTheSourceAndPushOnTheTarget() {
        RegistryClient client = client(TOKENS.credential());
        byte[] content = TestImages.random(3000, 3);
        TestImages.pushBlob(client, repo("token/mount-src"), content, Optional.empty());
        TOKENS.server().clearRequests();

        BlobPush result = TestImages.pushBlob(client, repo("token/mount-dst"), content, Optional.of("token/mount-src"));

        assertEquals(BlobPush.Outcome.MOUNTED, result.outcome());
        assertEquals(1, tokenRequests().size(), tokenRequests().toString());
        assertEquals(Set.of("repository:token/mount-src:pull", "repository:token/mount-dst:pull,push"),
                scopesOf(tokenRequests().get(0)));
    }

    @Test
    void mountDeniedOnTheSourceFallsBackToAnUploadAndSaysSo() {
        RegistryClient client = client(TOKENS.credential());
        byte[] content = TestImages.random(4000, 4);
        ImageReference target = repo("token/mount-fallback");

        BlobPush result = TestImages.pushBlob(client, target, content, Optional.of("locked/src"));

        assertEquals(BlobPush.Outcome.UPLOADED_MOUNT_DENIED, result.outcome());
        assertEquals(content.length, result.bytesSent());
        assertEquals(OptionalLong.of(content.length), client.checkBlob(target, Digest.sha256(content)));
    }

    @Test
    void identityTokenIsExchangedThroughTheOAuth2RefreshGrant() throws Exception {
        String refreshToken = offlineRefreshToken();
        TOKENS.server().clearRequests();
        RegistryClient client = client(Credential.identityToken(refreshToken));

        assertThrows(NotFoundException.class, () -> client.listTags(repo("token/identity")),
                "authorized: the repository does not exist");

        assertEquals(1, tokenRequests().size(), tokenRequests().toString());
        TokenRequest request = tokenRequests().get(0);
        assertEquals("POST", request.method());
        assertEquals(Optional.of("refresh_token"), request.grantType());
        assertEquals(Optional.of("alice"), request.account());
        assertEquals(Set.of("repository:token/identity:pull"), scopesOf(request));
    }

    @Test
    void wrongPasswordIsRejectedByTheTokenServer() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> client(Credential.basic("alice", "wrong")).listTags(repo("token/app")));

        assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
        assertEquals(401, tokenRequests().get(tokenRequests().size() - 1).status());
    }

    @Test
    void loginChecksTheCredentialThroughTheTokenServer() {
        client(CredentialProvider.anonymous()).checkCredential(registry.host(), TOKENS.credential());

        assertEquals(Optional.of("alice"), tokenRequests().get(0).account());
        assertThrows(UnauthorizedException.class, () -> client(CredentialProvider.anonymous())
                .checkCredential(registry.host(), Credential.basic("alice", "wrong")));
    }

    /** What {@code docker login} keeps as an identity token: a refresh token asked for with {@code offline_token}. */
    private static String offlineRefreshToken() throws Exception {
        URI uri = URI.create(TOKENS.server().realm() + "?service=" + TokenServer.SERVICE
                + "&offline_token=true&client_id=test");
        String basic = Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("refresh_token").asText();
    }
}
