package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.Credential;
import dev.stowage.core.RegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
    private static final String PLAIN_REALM = "Bearer realm=\"http://auth.example.com/token\",service=\"registry\"";

    /** Stands in for the network: records the token server asked for and sends nothing. */
    private static final class NoNetwork extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private final List<URI> reached = new ArrayList<>();
    private final Function<URI, HttpClient> clients = uri -> {
        reached.add(uri);
        throw new NoNetwork();
    };

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

        assertEquals(1, reached.size());
    }

    @Test
    void plainHttpTokenServerOnLoopbackGetsTheCredentials() {
        assertThrows(NoNetwork.class, () -> service(Set.of()).fetch("registry.example.com",
                challenge("Bearer realm=\"http://127.0.0.1:5001/token\""), List.of(),
                Optional.of(Credential.basic("u", "secret"))));

        assertEquals(1, reached.size());
    }

    @Test
    void anonymousRequestMayGoToAPlainHttpTokenServer() {
        assertThrows(NoNetwork.class, () -> service(Set.of()).fetch("registry.example.com",
                challenge(PLAIN_REALM), List.of(), Optional.empty()));

        assertEquals(1, reached.size());
    }
}
