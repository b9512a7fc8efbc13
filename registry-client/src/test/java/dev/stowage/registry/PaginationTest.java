package dev.stowage.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.Credential;
import dev.stowage.core.RegistryException;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RawHttpServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tag and catalog pages from a hostile registry: the next-page {@code Link} is resolved against
 * the page that gave it and must stay on the registry's origin, the pages and names followed are
 * capped, and a malformed {@code Link} is the registry's error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PaginationTest {
    private static final Credential ALICE = Credential.basic("alice", "s3cret");

    private final List<RawHttpServer> servers = new ArrayList<>();
    private final List<RegistryClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RegistryClient::close);
        servers.forEach(RawHttpServer::close);
    }

    private RawHttpServer serve(RawHttpServer.Handler handler) {
        RawHttpServer server = RawHttpServer.start(handler);
        servers.add(server);
        return server;
    }

    private RegistryClient client(RegistryClient.Builder builder) {
        RegistryClient client = builder.certsDirectories(CertsDirectories.none()).retryPolicy(RetryPolicy.none())
                .build();
        clients.add(client);
        return client;
    }

    private RegistryClient anonymous() {
        return client(RegistryClient.builder().credentials(CredentialProvider.anonymous()));
    }

    private static byte[] page(String... tags) {
        return ("{\"name\":\"app\",\"tags\":[" + String.join(",", List.of(tags).stream().map(t -> "\"" + t + "\"")
                .toList()) + "]}").getBytes(UTF_8);
    }

    /** A registry asking for basic credentials, whose first page links to {@code link}. */
    private RawHttpServer basicAuthRegistry(String link) {
        return serve(x -> {
            if (x.request().header("Authorization").isEmpty()) {
                x.respond(401, Map.of("WWW-Authenticate", "Basic realm=\"registry\""), new byte[0]);
            } else {
                x.respond(200, Map.of("Content-Type", "application/json", "Link", "<" + link + ">; rel=\"next\""),
                        page("1"));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"@127.0.0.1:%d/v2/app/tags/list?n=1&last=1", "//127.0.0.1:%d/v2/app/tags/list?last=1",
        "http://127.0.0.1:%d/v2/app/tags/list?last=1", "http://alice@127.0.0.1:%d/v2/app/tags/list?last=1"})
    void nextPageOutsideTheRegistrysOriginIsRefusedAndGetsNoCredentials(String linkFormat) {
        RawHttpServer other = serve(x -> x.respond(200, Map.of("Content-Type", "application/json"), page("2")));
        RawHttpServer registry = basicAuthRegistry(String.format(linkFormat, other.port()));
        RegistryClient client = client(RegistryClient.builder()
                .credentials(CredentialProvider.of(Map.of(registry.host(), ALICE))));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.listTags(ImageReference.parse(registry.host() + "/app")));

        assertEquals(List.of(), other.requests(), "the other port was asked for a page");
        assertTrue(e.getMessage().contains("next page"), e.getMessage());
    }

    @Test
    void relativeLinkIsResolvedAgainstThePageThatGaveIt() {
        RawHttpServer registry = serve(x -> {
            if (x.request().target().contains("last=1")) {
                x.respond(200, Map.of("Content-Type", "application/json"), page("2"));
            } else {
                x.respond(200, Map.of("Content-Type", "application/json",
                        "Link", "<list?n=1&last=1>; rel=\"next\""), page("1"));
            }
        });

        List<String> tags = anonymous().listTags(ImageReference.parse(registry.host() + "/app"));

        assertEquals(List.of("1", "2"), tags);
        assertEquals("/v2/app/tags/list?n=1&last=1", registry.requests().get(1).target());
    }

    @Test
    void linkThatNeverEndsStopsAtThePageCapNamingIt() {
        AtomicInteger pages = new AtomicInteger();
        RawHttpServer registry = serve(x -> x.respond(200, Map.of("Content-Type", "application/json",
                "Link", "</v2/app/tags/list?page=" + pages.incrementAndGet() + ">; rel=\"next\""), page()));
        RegistryClient client = client(RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .listLimits(5, 1000));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.listTags(ImageReference.parse(registry.host() + "/app")));

        assertTrue(e.getMessage().contains("more than 5 pages"), e.getMessage());
        assertEquals(5, pages.get());
    }

    @Test
    void moreNamesThanTheCapFailNamingIt() {
        RawHttpServer registry = serve(x -> x.respond(200, Map.of("Content-Type", "application/json"),
                page("1", "2", "3", "4")));
        RegistryClient client = client(RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .listLimits(5, 3));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.listTags(ImageReference.parse(registry.host() + "/app")));

        assertTrue(e.getMessage().contains("more than 3 names"), e.getMessage());
    }

    @Test
    void hugePageStopsBeingReadAtTheNameCap() {
        long pageBytes = 14L << 20;
        AtomicInteger sentInFull = new AtomicInteger();
        RawHttpServer registry = serve(x -> {
            OutputStream out = x.output();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + pageBytes
                    + "\r\n\r\n{\"tags\":[\"0\"").getBytes(StandardCharsets.US_ASCII));
            byte[] more = ",\"1\"".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            long sent = 11;
            while (sent + more.length + 2 <= pageBytes) {
                out.write(more);
                sent += more.length;
            }
            out.write(" ".repeat((int) (pageBytes - 2 - sent)).getBytes(StandardCharsets.US_ASCII));
            out.write("]}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sentInFull.incrementAndGet();
        });
        RegistryClient client = client(RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .listLimits(10, 1000));

        RegistryException e = assertThrows(RegistryException.class,
                () -> client.listTags(ImageReference.parse(registry.host() + "/app")));

        assertTrue(e.getMessage().contains("more than 1000 names"), e.getMessage());
        assertEquals(0, sentInFull.get(), "the client read the whole 14 MiB page");
    }

    @Test
    void malformedLinkIsTheRegistrysError() {
        RawHttpServer registry = serve(x -> x.respond(200, Map.of("Content-Type", "application/json",
                "Link", "<x y>; rel=\"next\""), page("1")));

        RegistryException e = assertThrows(RegistryException.class,
                () -> anonymous().listTags(ImageReference.parse(registry.host() + "/app")));

        assertTrue(e.getMessage().contains("link to the next page is not a valid URL"), e.getMessage());
    }

    @Test
    void linkHeaderOfThousandsOfLinksIsReadInOnePass() {
        // just under the JDK's 384 KiB header limit, none of them "next": a backtracking pattern took minutes
        String links = "<a>;".repeat(95_000);
        RawHttpServer registry = serve(x -> x.respond(200, Map.of("Content-Type", "application/json", "Link", links),
                page("1")));

        List<String> tags = anonymous().listTags(ImageReference.parse(registry.host() + "/app"));

        assertEquals(List.of("1"), tags);
    }
}
