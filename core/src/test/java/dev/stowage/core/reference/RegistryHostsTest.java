package dev.stowage.core.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryHostsTest {

    @Test
    void dockerHubApiLivesOnRegistry1() {
        assertEquals("registry-1.docker.io", RegistryHosts.apiHost(RegistryHosts.DOCKER_HUB));
    }

    @Test
    void legacyDockerHubNameAlsoMapsToRegistry1() {
        assertEquals("registry-1.docker.io", RegistryHosts.apiHost("index.docker.io"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcr.io", "localhost:5000", "[::1]:5000", "registry-1.docker.io", "Foo"})
    void otherRegistriesAreTheirOwnApiHost(String registry) {
        assertEquals(registry, RegistryHosts.apiHost(registry));
    }

    @Test
    void apiHostOfNullIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> RegistryHosts.apiHost(null));
    }

    // Loopback rows of go-containerregistry registry_test.go TestRegistryScheme (its "http" answers
    // for RFC 1918 addresses are about plain HTTP, not loopback), plus other spellings.
    @ParameterizedTest
    @ValueSource(strings = {
        "localhost", "localhost:8080", "LOCALHOST", "localhost.", "127.0.0.1", "127.0.0.1:1234",
        "127.1.2.3", "127.255.255.255:5000", "::1", "[::1]", "[::1]:5000", "[0:0:0:0:0:0:0:1]:5000",
        "0:0:0:0:0:0:0:1", "[::0:1]"})
    void loopbackHosts(String host) {
        assertTrue(RegistryHosts.isLoopback(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "foo.svc.local:1234", "registry.local", "127.0.0.1.evil.com", "my127.0.0.1registry.io", "gcr.io",
        "index.docker.io", "[2001:db8::1]:5000", "10.2.3.4:5000", "128.0.0.1", "127.0.0.256", "127.0.0",
        "127.0.0.1:http", "127.0.0.1:99999", "localhost:", "[::1]5000", "[::2]", "::", "[::1", "1::1",
        "localhoſt", "evil.com/localhost", "evil/x.localhost", "", "localhost..", ".localhost", "::1::1", "127.0.0.١"})
    void nonLoopbackHosts(String host) {
        assertFalse(RegistryHosts.isLoopback(host), host);
    }

    @Test
    void nullIsNotLoopback() {
        assertFalse(RegistryHosts.isLoopback(null));
    }

    private static RegistryHosts.Resolver resolvingTo(String... addresses) {
        return name -> {
            InetAddress[] all = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                all[i] = InetAddress.getByAddress(name, InetAddress.getByName(addresses[i]).getAddress());
            }
            return all;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo.svc.localhost:1234", "app.localhost", "App.LocalHost.:5000"})
    void nameUnderLocalhostResolvingToLoopbackIsLoopback(String host) {
        assertTrue(RegistryHosts.isLoopback(host, resolvingTo("127.0.0.1", "::1")), host);
    }

    @Test
    void nameUnderLocalhostResolvingElsewhereIsNotLoopback() {
        assertFalse(RegistryHosts.isLoopback("x.localhost", resolvingTo("203.0.113.7")));
    }

    @Test
    void nameUnderLocalhostResolvingToLoopbackAndElsewhereIsNotLoopback() {
        assertFalse(RegistryHosts.isLoopback("x.localhost:5000", resolvingTo("127.0.0.1", "203.0.113.7")));
    }

    @Test
    void nameUnderLocalhostThatDoesNotResolveIsNotLoopback() {
        assertFalse(RegistryHosts.isLoopback("x.localhost", name -> {
            throw new UnknownHostException(name);
        }));
    }

    @Test
    void localhostItselfAndAddressesAreDecidedWithoutResolving() {
        RegistryHosts.Resolver none = name -> {
            throw new AssertionError("resolved " + name);
        };
        assertTrue(RegistryHosts.isLoopback("localhost:5000", none));
        assertTrue(RegistryHosts.isLoopback("127.0.0.1:5000", none));
        assertTrue(RegistryHosts.isLoopback("[::1]:5000", none));
        assertFalse(RegistryHosts.isLoopback("registry.example.com", none));
    }
}
