package dev.stowage.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stowage.core.ImageManager;
import dev.stowage.core.RemoteFixtures;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.TokenAuthMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage search} of the real jar: the catalog path against the real Distribution registry
 * holding 163 repositories (more than one catalog page of 100), and Docker Hub's search API
 * ({@code /v1/search}) with a reply shaped as Docker Hub's, played by WireMock since tests have no
 * internet; the registry that refuses its catalog is the real one with token authentication.
 */
class SearchIT {
    private static final int APPS = 160;
    private static final TokenAuthMode TOKENS = RegistryMode.token("alice", "s3cret").denyingCatalog();

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension guarded = RegistryExtension.of(RegistryConfig.plain().withMode(TOKENS));

    private static WireMockServer hub;

    @TempDir
    Path scratch;

    /** {@code search/app-000} … {@code search/app-159}, then {@code tools/needle-a|b|c}: the needles lie beyond the first page. */
    @BeforeAll
    static void fillTheRegistry() throws IOException {
        List<String> names = new ArrayList<>();
        IntStream.range(0, APPS).forEach(i -> names.add(String.format("search/app-%03d", i)));
        names.addAll(List.of("tools/needle-a", "tools/needle-b", "tools/Needle-C"));
        try (RegistryClient client = RemoteFixtures.client();
                ImageManager images = ImageManager.builder().registry(client).store(new InMemoryImageStore()).build()) {
            RemoteFixtures.image(images.store(), "seed:1", 1, 64);
            for (String name : names) {
                String target = registry.host() + "/" + name.toLowerCase() + ":1";
                images.tag("seed:1", target);
                images.push(target).call();
            }
        }
        hub = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        hub.start();
        byte[] reply;
        try (InputStream in = SearchIT.class.getResourceAsStream("/search/hub-nginx.json")) {
            reply = in.readAllBytes();
        }
        hub.stubFor(get(urlPathEqualTo("/v1/search")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(reply)));
    }

    @AfterAll
    static void stopHub() {
        hub.stop();
    }

    private StowageProcess.Result stowage(String... args) throws Exception {
        return StowageProcess.in(scratch).withEnvironment("DOCKER_CONFIG", scratch.toString()).run(args);
    }

    private String hubHost() {
        return "127.0.0.1:" + hub.port();
    }

    @Test
    void theSearchApiIsPrintedInDockersColumnsWithLongDescriptionsCut() throws Exception {
        StowageProcess.Result result = stowage("search", hubHost() + "/nginx");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(String.join("\n",
                "NAME                          DESCRIPTION                                     STARS     OFFICIAL",
                "nginx                         Official build of Nginx.                        20618     [OK]",
                "nginx/nginx-ingress           NGINX and  NGINX Plus Ingress Controllers fo…   94        ",
                "nginxinc/nginx-unprivileged   Unprivileged NGINX Dockerfiles                  150       ",
                "bitnami/nginx                 Bitnami container image for NGINX               190       ",
                "someone/nginx-proxy           A proxy with a line break in its description    3         ", ""),
                result.out());
        hub.verify(getRequestedFor(urlEqualTo("/v1/search?q=nginx&n=25")));
    }

    @Test
    void noTruncKeepsTheWholeDescription() throws Exception {
        StowageProcess.Result result = stowage("search", "--no-trunc", "--format", "{{.Description}}", hubHost() + "/nginx");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().toList().contains("NGINX and  NGINX Plus Ingress Controllers for Kubernetes"),
                result.out());
    }

    @Test
    void theLimitIsAskedOfTheRegistry() throws Exception {
        StowageProcess.Result result = stowage("search", "--limit", "3", "--format", "{{.Name}}", hubHost() + "/nginx");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("nginx\nnginx/nginx-ingress\nnginxinc/nginx-unprivileged\n", result.out());
        hub.verify(getRequestedFor(urlEqualTo("/v1/search?q=nginx&n=3")));
    }

    @Test
    void aLimitOutsideOneToAHundredIsRefusedAsDockerRefusesIt() throws Exception {
        StowageProcess.Result result = stowage("search", "--limit", "101", hubHost() + "/nginx");

        assertEquals(2, result.exitCode());
        assertEquals("stowage: limit 101 is outside the range of [1, 100]\n", result.err());
    }

    @Test
    void filtersKeepTheStarredAndTheOfficial() throws Exception {
        StowageProcess.Result starred = stowage("search", "--filter", "stars=150", "--format", "{{.Name}} {{.StarCount}}",
                hubHost() + "/nginx");
        StowageProcess.Result official = stowage("search", "-f", "is-official=true", "--format", "{{.Name}} {{.IsOfficial}}",
                hubHost() + "/nginx");
        StowageProcess.Result others = stowage("search", "-f", "is-official=false", "-f", "stars=100", "--format", "{{.Name}}",
                hubHost() + "/nginx");

        assertEquals("nginx 20618\nnginxinc/nginx-unprivileged 150\nbitnami/nginx 190\n", starred.out(), starred.err());
        assertEquals("nginx [OK]\n", official.out(), official.err());
        assertEquals("nginxinc/nginx-unprivileged\nbitnami/nginx\n", others.out(), others.err());
    }

    @Test
    void anUnknownFilterOrAStarCountThatIsNoNumberIsBadInput() throws Exception {
        StowageProcess.Result unknown = stowage("search", "--filter", "is-automated=true", hubHost() + "/nginx");
        StowageProcess.Result stars = stowage("search", "--filter", "stars=many", hubHost() + "/nginx");

        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("stowage: invalid filter 'is-automated'"), unknown.err());
        assertEquals(2, stars.exitCode());
        assertTrue(stars.err().startsWith("stowage: invalid filter 'stars=many'"), stars.err());
    }

    @Test
    void jsonFormatWritesDockersFieldsAsStrings() throws Exception {
        StowageProcess.Result result = stowage("search", "--limit", "1", "--format", "json", hubHost() + "/nginx");

        assertEquals("{\"Description\":\"Official build of Nginx.\",\"IsAutomated\":\"\",\"IsOfficial\":\"[OK]\","
                + "\"Name\":\"nginx\",\"StarCount\":\"20618\"}\n", result.out(), result.err());
    }

    @Test
    void aRegistryWithoutTheSearchApiIsSearchedThroughItsCatalogPastTheFirstPage() throws Exception {
        StowageProcess.Result result = stowage("search", registry.host() + "/needle");

        assertEquals(0, result.exitCode(), result.err());
        String host = registry.host();
        assertEquals("NAME" + " ".repeat(host.length() + 14) + "DESCRIPTION   STARS     OFFICIAL\n"
                + host + "/tools/needle-a   " + " ".repeat(14) + "0         \n"
                + host + "/tools/needle-b   " + " ".repeat(14) + "0         \n"
                + host + "/tools/needle-c   " + " ".repeat(14) + "0         \n", result.out());
    }

    @Test
    void catalogMatchesStopAtTheLimit() throws Exception {
        StowageProcess.Result first = stowage("search", "--format", "{{.Name}}", registry.host() + "/app");
        StowageProcess.Result hundred = stowage("search", "--limit", "100", "--format", "{{.Name}}", registry.host() + "/APP-1");

        assertEquals(IntStream.range(0, 25).mapToObj(i -> String.format("%s/search/app-%03d", registry.host(), i)).toList(),
                first.out().lines().toList(), first.err());
        assertEquals(IntStream.range(100, APPS).mapToObj(i -> String.format("%s/search/app-%03d", registry.host(), i)).toList(),
                hundred.out().lines().toList(), hundred.err());
    }

    @Test
    void aCatalogWithoutAMatchPrintsOnlyTheHeader() throws Exception {
        StowageProcess.Result result = stowage("search", registry.host() + "/nothing-like-it");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("NAME      DESCRIPTION   STARS     OFFICIAL\n", result.out());
    }

    @Test
    void aDeniedCatalogSaysTheRegistryCannotBeSearchedAndWhy() throws Exception {
        String auth = Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        Files.writeString(scratch.resolve("config.json"), "{\"auths\":{\"" + guarded.host() + "\":{\"auth\":\"" + auth + "\"}}}");

        StowageProcess.Result result = stowage("search", guarded.host() + "/app");

        assertEquals(1, result.exitCode(), result.out());
        assertEquals("stowage: searching " + guarded.host() + " for \"app\" failed: " + guarded.host()
                + " has no search API (/v1/search answered HTTP 404) and refused to list its catalog (HTTP 401): log in as a"
                + " user allowed to list it (stowage login " + guarded.host() + ")\n", result.err());
    }

    @Test
    void anAnonymousUserOfARegistryWithACatalogBehindLoginIsToldToLogIn() throws Exception {
        StowageProcess.Result result = stowage("search", guarded.host() + "/app");

        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().endsWith("refused to list its catalog (HTTP 401): log in as a user allowed to list it"
                + " (stowage login " + guarded.host() + ")\n"), result.err());
    }

    @Test
    void aRegistryWithNeitherSearchNorCatalogSaysSo() throws Exception {
        WireMockServer bare = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        bare.start();
        try {
            StowageProcess.Result result = stowage("search", "127.0.0.1:" + bare.port() + "/app");

            assertEquals(1, result.exitCode(), result.out());
            assertEquals("stowage: searching 127.0.0.1:" + bare.port() + " for \"app\" failed: 127.0.0.1:" + bare.port()
                    + " has no search API (/v1/search answered HTTP 404) and no catalog (/v2/_catalog answered HTTP 404):"
                    + " it cannot be searched; pull by name\n", result.err());
        } finally {
            bare.stop();
        }
    }

    @Test
    void aTermWithASchemeIsBadInput() throws Exception {
        StowageProcess.Result result = stowage("search", "https://" + registry.host() + "/app");

        assertEquals(2, result.exitCode());
        assertEquals("stowage: invalid repository name: repository name (https://" + registry.host()
                + "/app) should not have a scheme\n", result.err());
    }

}
