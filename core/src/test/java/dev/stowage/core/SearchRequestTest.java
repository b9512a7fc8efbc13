package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.spi.Registry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker's reading of {@code [REGISTRY/]TERM} and its limit and filters, over a registry that records what it was asked. */
class SearchRequestTest {
    private final List<List<Object>> asked = new ArrayList<>();
    private List<SearchResult> answer = List.of();

    private SearchRequest search(String term) {
        Registry registry = (Registry) Proxy.newProxyInstance(Registry.class.getClassLoader(), new Class<?>[] {Registry.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("search")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asked.add(List.of(args));
                    return answer;
                });
        return new SearchRequest(() -> registry, term);
    }

    @Test
    void aBareTermSearchesDockerHub() {
        search("nginx").call();

        assertEquals(List.of(List.of("docker.io", "nginx", 25)), asked);
    }

    @Test
    void aTermWithANamespaceStillSearchesDockerHub() {
        search("bitnami/nginx").call();

        assertEquals(List.of(List.of("docker.io", "bitnami/nginx", 25)), asked);
    }

    @Test
    void aFirstPartThatLooksLikeAHostNamesTheRegistry() {
        search("127.0.0.1:5000/team").limit(7).call();
        search("localhost/app").call();
        search("Registry.Example.com/a/b").call();

        assertEquals(List.of(List.of("127.0.0.1:5000", "team", 7), List.of("localhost", "app", 25),
                List.of("registry.example.com", "a/b", 25)), asked);
    }

    @Test
    void dockerHubsLegacyNameAndLibraryPrefixAreDockerHubsShortName() {
        search("index.docker.io/library/nginx").call();

        assertEquals(List.of(List.of("docker.io", "nginx", 25)), asked);
    }

    @Test
    void aTermWithASchemeIsRefusedAsDockerRefusesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> search("https://registry.example.com/app"));

        assertEquals("invalid repository name: repository name (https://registry.example.com/app) should not have a scheme",
                e.getMessage());
    }

    @Test
    void anEmptyTermIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> search(""));
        assertThrows(IllegalArgumentException.class, () -> search("registry.example.com/"));
    }

    @Test
    void theLimitMustBeBetweenOneAndAHundred() {
        assertEquals("limit 0 is outside the range of [1, 100]",
                assertThrows(IllegalArgumentException.class, () -> search("x").limit(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> search("x").limit(101));
        search("x").limit(100).call();
        assertEquals(100, asked.get(0).get(2));
    }

    @Test
    void filtersKeepWhatTheRegistryReturnedThatMatches() {
        answer = List.of(new SearchResult("nginx", "Official build of Nginx.", 20000, true, false),
                new SearchResult("bitnami/nginx", "Bitnami nginx", 190, false, true),
                new SearchResult("someone/nginx", "", 3, false, false));

        assertEquals(List.of("nginx", "bitnami/nginx"), names(search("nginx").minStars(100).call()));
        assertEquals(List.of("bitnami/nginx", "someone/nginx"), names(search("nginx").official(false).call()));
        assertEquals(List.of("nginx"), names(search("nginx").official(true).minStars(3).call()));
        assertTrue(search("nginx").minStars(30000).call().isEmpty());
    }

    private static List<String> names(List<SearchResult> results) {
        return results.stream().map(SearchResult::name).toList();
    }
}
