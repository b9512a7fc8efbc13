package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.Credential;
import dev.stowage.core.RegistryException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final String PLAIN_REALM = "Bearer realm=\"http://auth.example.com/token\",service=\"registry\"";

    /** What the stand-in for the network throws once it has recorded a request. */
    private static final class NoNetwork extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Stands in for the network: records each request as it would have gone out, and sends nothing. */
    private final class RecordingClient extends HttpClient {
        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            sent.add(request);
            throw new NoNetwork();
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            throw new UnsupportedOperationException("the token service sends synchronously");
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
            throw new UnsupportedOperationException("the token service sends synchronously");
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return Optional.empty();
        }

        @Override
        public Redirect followRedirects() {
            return Redirect.NEVER;
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return Optional.empty();
        }

        @Override
        public SSLContext sslContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SSLParameters sslParameters() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }

        @Override
        public Optional<Executor> executor() {
            return Optional.empty();
        }
    }

    /** {@code Authorization} of basic credentials {@code u}/{@code secret}, as RFC 7617 spells it. */
    private static final String BASIC_U_SECRET =
            "Basic " + Base64.getEncoder().encodeToString("u:secret".getBytes(StandardCharsets.UTF_8));

    private final List<URI> reached = new ArrayList<>();
    private final List<HttpRequest> sent = new ArrayList<>();
    private final Function<URI, HttpClient> clients = uri -> {
        reached.add(uri);
        return new RecordingClient();
    };

    /** The one request that went out: to {@code uri}, with the {@code Authorization} it carried, if any. */
    private Optional<String> onlyRequestTo(String uri) {
        assertEquals(1, sent.size(), sent::toString);
        HttpRequest request = sent.get(0);
        assertEquals(URI.create(uri), request.uri());
        return request.headers().firstValue("Authorization");
    }

    private TokenService service(Set<String> insecure) {
        return new TokenService(clients, HttpResponse.BodyHandlers.ofInputStream(), "test", Duration.ofSeconds(5),
                Clock.systemUTC(), insecure::contains);
    }

    private static AuthChallenge challenge(String header) {
        return AuthChallenge.parse(List.of(header)).get(0);
    }

    @Test
    void basicCredentialsAreNotSentToAPlainHttpTokenServer() {
        RegistryException e = assertThrows(RegistryException.class, () -> service(Set.of()).fetch(
                "registry.example.com", challenge(PLAIN_REALM), List.of(), Optional.of(Credential.basic("u", "secret"))));

        assertTrue(e.getMessage().contains("refusing to send credentials to plain-HTTP token server auth.example.com"),
                e.getMessage());
        assertEquals(List.of(), reached);
    }

    @Test
    void refusalIsOneLineNamingTheRuleAndNoSecret() {
        RegistryException e = assertThrows(RegistryException.class, () -> service(Set.of()).fetch(
                "registry.example.com", challenge(PLAIN_REALM), List.of(), Optional.of(Credential.basic("u", "secret"))));

        assertEquals("refusing to send credentials to plain-HTTP token server auth.example.com named by"
                + " registry.example.com: credentials go over plain HTTP only to a loopback host or to a registry"
                + " host marked insecure", e.getMessage());
    }

    @Test
    void insecureRegistryCannotSendTheCredentialsToAnotherPlainHttpHost() {
        assertThrows(RegistryException.class, () -> service(Set.of("registry.example.com:5000")).fetch(
                "registry.example.com:5000", challenge(PLAIN_REALM), List.of(),
                Optional.of(Credential.basic("u", "secret"))));

        assertEquals(List.of(), reached);
    }

    @Test
    void plainHttpTokenServerMarkedInsecureItselfGetsTheCredentials() {
        assertThrows(NoNetwork.class, () -> service(Set.of("auth.example.com")).fetch("registry.example.com",
                challenge(PLAIN_REALM), List.of(), Optional.of(Credential.basic("u", "secret"))));

        assertEquals(List.of(URI.create("http://auth.example.com/token")), reached);
        assertEquals(Optional.of(BASIC_U_SECRET), onlyRequestTo("http://auth.example.com/token?service=registry"));
    }

    @Test
    void refreshTokenIsNotSentToAPlainHttpTokenServer() {
        assertThrows(RegistryException.class, () -> service(Set.of()).fetch("registry.example.com",
                challenge(PLAIN_REALM), List.of(), Optional.of(Credential.identityToken("refresh"))));

        assertEquals(List.of(), reached);
    }

    @Test
    void plainHttpTokenServerOnTheHostOfARegistryMarkedInsecureGetsTheCredentials() {
        assertThrows(NoNetwork.class, () -> service(Set.of("registry.example.com:5000")).fetch(
                "registry.example.com:5000", challenge("Bearer realm=\"http://registry.example.com:5001/token\""),
                List.of(), Optional.of(Credential.basic("u", "secret"))));

        assertEquals(Optional.of(BASIC_U_SECRET), onlyRequestTo("http://registry.example.com:5001/token"));
    }

    @Test
    void plainHttpTokenServerOnLoopbackGetsTheCredentials() {
        assertThrows(NoNetwork.class, () -> service(Set.of()).fetch("registry.example.com",
                challenge("Bearer realm=\"http://127.0.0.1:5001/token\""), List.of(),
                Optional.of(Credential.basic("u", "secret"))));

        assertEquals(Optional.of(BASIC_U_SECRET), onlyRequestTo("http://127.0.0.1:5001/token"));
    }

    @Test
    void anonymousRequestMayGoToAPlainHttpTokenServer() {
        assertThrows(NoNetwork.class, () -> service(Set.of()).fetch("registry.example.com",
                challenge(PLAIN_REALM), List.of(), Optional.empty()));

        assertEquals(Optional.empty(), onlyRequestTo("http://auth.example.com/token?service=registry"),
                "an anonymous token request carries no Authorization");
    }
}
