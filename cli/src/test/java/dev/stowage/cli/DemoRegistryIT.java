package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage demo --registry} of the real jar against the real registry, with a counting
 * proxy in front of it so that what moved is checked from the registry's side too.
 */
class DemoRegistryIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    static Path scratch;

    private static CountingProxy proxy;
    private static StowageProcess.Result demo;
    private static DemoTranscript transcript;

    @BeforeAll
    static void runTheDemo() throws Exception {
        proxy = CountingProxy.to(registry.registry());
        demo = StowageProcess.run(scratch, Map.of(), "demo", "--registry", proxy.host());
        transcript = new DemoTranscript(demo.out());
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    private static List<CountingProxy.Exchange> uploadsStartedIn(String repository) {
        return proxy.exchanges(e -> e.method().equals("POST")
                && e.target().startsWith("/v2/" + repository + "/blobs/uploads/") && !e.target().contains("mount="));
    }

    @Test
    void exitsZero() {
        assertEquals(0, demo.exitCode(), demo.err());
    }

    @Test
    void theFirstPushUploadsConfigAndBothLayers() {
        String push = transcript.step("Push it:");

        assertTrue(push.endsWith("--> 3 blobs uploaded, " + uploadedBytes() + " sent; 0 blobs already on the registry; "
                + "0 blobs mounted from another repository"), push);
    }

    @Test
    void pushingAgainMovesNoByte() {
        String again = transcript.step("Push it again");

        assertTrue(again.endsWith("--> 0 blobs uploaded, 0 bytes sent; 3 blobs already on the registry; "
                + "0 blobs mounted from another repository"), again);
        // From the registry's side: the only uploads ever started in demo/app are the first push's three.
        assertEquals(3, uploadsStartedIn("demo/app").size(), proxy.requestLines().toString());
        assertEquals(List.of(), proxy.exchanges(e -> e.method().equals("PATCH")));
    }

    @Test
    void theSiblingInAnotherRepositoryMountsTheSharedBaseLayer() {
        String sibling = transcript.step("Push the sibling");

        assertTrue(sibling.contains(": Mounted from demo/app"), sibling);
        assertTrue(sibling.endsWith("; 0 blobs already on the registry; 1 blob mounted from another repository"), sibling);
        List<CountingProxy.Exchange> mounts = proxy.exchanges(e -> e.method().equals("POST")
                && e.target().startsWith("/v2/demo/app-staging/blobs/uploads/?") && e.target().contains("mount="));
        assertEquals(1, mounts.size(), proxy.requestLines().toString());
        assertEquals(201, mounts.get(0).status());
    }

    @Test
    void pullingBackFetchesOnlyWhatTheStoreLacks() {
        String pull = transcript.step("Pull it back");

        assertTrue(pull.contains(": Already exists"), pull);
        assertTrue(pull.contains("Status: Downloaded newer image for " + proxy.host() + "/demo/app:2"), pull);
        assertTrue(pull.endsWith("; 1 blob already in the store"), pull);
        assertTrue(pull.contains("--> 2 blobs fetched, "), pull);
        // From the registry's side: the pull fetched each blob of demo/app once, except the base layer
        // the store kept (the one blob the sibling's push mounted from demo/app).
        List<String> stored = digestsIn(proxy.exchanges(e -> e.status() == 201 && e.target().startsWith("/v2/demo/app/blobs/uploads/")
                && e.target().contains("digest=")), "digest");
        List<String> base = digestsIn(proxy.exchanges(e -> e.status() == 201
                && e.target().startsWith("/v2/demo/app-staging/blobs/uploads/?") && e.target().contains("mount=")), "mount");
        assertEquals(3, stored.size(), proxy.requestLines().toString());
        assertEquals(1, base.size(), proxy.requestLines().toString());
        List<CountingProxy.Exchange> fetched = proxy.exchanges(e -> e.method().equals("GET")
                && e.target().startsWith("/v2/demo/app/blobs/"));
        assertEquals(stored.stream().filter(d -> !base.contains(d)).sorted().toList(),
                fetched.stream().map(e -> e.target().substring("/v2/demo/app/blobs/".length())).sorted().toList(),
                proxy.requestLines().toString());
        long bytes = fetched.stream().mapToLong(CountingProxy.Exchange::responseBodyBytes).sum();
        assertTrue(pull.contains("--> 2 blobs fetched, " + bytes + " bytes "), bytes + " bytes fetched: " + pull);
    }

    /** The digests a query parameter of the exchanges' targets names ({@code digest=sha256%3A…}), decoded. */
    private static List<String> digestsIn(List<CountingProxy.Exchange> exchanges, String parameter) {
        return exchanges.stream().map(e -> Arrays.stream(URI.create(e.target()).getRawQuery().split("&"))
                .filter(p -> p.startsWith(parameter + "=")).findFirst().orElseThrow()
                .substring(parameter.length() + 1)).map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8)).toList();
    }

    private static String uploadedBytes() {
        // A single-request upload (POST ?digest= with the body) that Distribution declines with 202
        // sends that body for nothing; the push reports what was stored, so count accepted bodies.
        long bytes = uploadsStartedIn("demo/app").stream().filter(e -> e.status() == 201)
                .mapToLong(CountingProxy.Exchange::requestBodyBytes).sum()
                + proxy.exchanges(e -> e.method().equals("PUT") && e.target().startsWith("/v2/demo/app/blobs/uploads/"))
                        .stream().mapToLong(CountingProxy.Exchange::requestBodyBytes).sum();
        return bytes + " bytes (" + HumanUnits.sizePrecise(bytes) + ")";
    }
}
