package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RegistryException;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.HtpasswdMode;
import dev.stowage.testkit.RawHttpServer;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real basic-auth registry pages its catalog with a relative {@code Link}; a front in the
 * middle rewrites it to {@code <@127.0.0.1:OTHER/…>}, which joined as text onto
 * {@code http://host:port} would move the next page, and the credentials, to another port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PaginationOriginIT {
    private static final HtpasswdMode AUTH = RegistryMode.htpasswd("alice", "correct horse battery");

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(AUTH));

    /** Forwards one request to the registry and its answer back, with the {@code Link} rewritten. */
    private static void forward(RawHttpServer.Exchange x, HttpClient http, int otherPort)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + x.request().target()));
        x.request().header("Authorization").ifPresent(a -> request.header("Authorization", a));
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : List.of("Content-Type", "WWW-Authenticate", "Docker-Distribution-API-Version")) {
            response.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
        }
        response.headers().firstValue("Link").ifPresent(link ->
                headers.put("Link", link.replace("</", "<@127.0.0.1:" + otherPort + "/")));
        x.respond(response.statusCode(), headers, response.body());
    }

    @Test
    void nextCatalogPageOnAnotherPortGetsNoCredentials() {
        try (RegistryClient pusher = RegistryClient.builder().credentials(CredentialProvider.of(
                Map.of(registry.host(), AUTH.credential()))).certsDirectories(CertsDirectories.none()).build()) {
            for (String name : List.of("origin/a", "origin/b")) {
                TestImages.pushImage(pusher, ImageReference.parse(registry.host() + "/" + name), "1", 1);
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        try (RawHttpServer other = RawHttpServer.start(x -> x.respond(200, Map.of(), "{}".getBytes()));
             RawHttpServer front = RawHttpServer.start(x -> forward(x, http, other.port()));
             RegistryClient client = RegistryClient.builder()
                     .credentials(CredentialProvider.of(Map.of(front.host(), AUTH.credential())))
                     .certsDirectories(CertsDirectories.none()).retryPolicy(RetryPolicy.none()).pageSize(1).build()) {

            assertThrows(RegistryException.class, () -> client.catalog(front.host()));

            assertTrue(front.requests().stream().anyMatch(r -> r.header("Authorization").isPresent()),
                    "the registry's first page was not fetched with the credentials");
            assertEquals(List.of(), other.requests().stream().filter(r -> r.header("Authorization").isPresent())
                    .toList(), "the credentials went to the other port");
        }
    }
}
