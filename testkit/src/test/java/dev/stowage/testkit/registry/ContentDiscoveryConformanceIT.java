package dev.stowage.testkit.registry;

import static dev.stowage.testkit.registry.SpecClient.OCI_INDEX;
import static dev.stowage.testkit.registry.SpecClient.OCI_MANIFEST;
import static dev.stowage.testkit.registry.SpecClient.descriptor;
import static dev.stowage.testkit.registry.SpecClient.digest;
import static dev.stowage.testkit.registry.SpecClient.errorCodes;
import static dev.stowage.testkit.registry.SpecClient.json;
import static dev.stowage.testkit.registry.SpecClient.strings;
import static dev.stowage.testkit.registry.SpecClient.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.testkit.InProcessRegistry;
import dev.stowage.testkit.RegistryExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distribution spec's Content Discovery workflow (v1.1, "Listing Tags", "Listing Referrers")
 * and Docker's catalog, each case against Distribution and the in-process registry. Distribution
 * 2.8 predates parts of it (tag paging, referrers); the cases say where.
 */
class ContentDiscoveryConformanceIT {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @RegisterExtension
    static RegistryExtension distribution = RegistryExtension.plain();
    @RegisterExtension
    static RegistryExtension inProcess = RegistryExtension.inProcess();

    static Stream<Named<RegistryExtension>> registries() {
        return Stream.of(Named.of("Distribution", distribution), Named.of("in-process", inProcess));
    }

    private static boolean isDistribution(RegistryExtension registry) {
        return !(registry.registry() instanceof InProcessRegistry);
    }

    /** One image under each tag, pushed in this order. */
    private static byte[] tagged(SpecClient client, String repository, String... tags) {
        byte[] manifest = client.pushImage(repository, tags[0], 1, 100);
        for (int i = 1; i < tags.length; i++) {
            client.pushManifest(repository, tags[i], OCI_MANIFEST, manifest);
        }
        return manifest;
    }

    private static List<String> tags(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> text(response));
        return strings(json(response).path("tags"));
    }

    private static Optional<String> next(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Link").map(link -> {
            Matcher m = NEXT.matcher(link);
            assertTrue(m.find(), link);
            return m.group(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void tagsListNamesEveryTagInLexicalOrder(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        tagged(client, "discovery/tags", "v3", "v1", "v2");

        List<String> tags = tags(client.send("GET", "/v2/discovery/tags/tags/list", null));

        // Distribution 2.8 lists tags in no particular order; the spec asks for lexical order.
        assertEquals(List.of("v1", "v2", "v3"), isDistribution(registry) ? tags.stream().sorted().toList() : tags);
        assertEquals("discovery/tags", json(client.send("GET", "/v2/discovery/tags/tags/list", null)).path("name").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void nLimitsThePageAndLinkLeadsToTheRest(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        tagged(client, "discovery/paged", "a", "b", "c");

        HttpResponse<byte[]> first = client.send("GET", "/v2/discovery/paged/tags/list?n=2", null);

        if (isDistribution(registry)) {
            // Distribution 2.8 ignores n (and last) on tags/list: every tag, no Link.
            assertEquals(List.of("a", "b", "c"), tags(first).stream().sorted().toList());
            assertEquals(Optional.empty(), first.headers().firstValue("Link"));
            return;
        }
        assertEquals(List.of("a", "b"), tags(first));
        HttpResponse<byte[]> second = client.send("GET", next(first).orElseThrow(), null);
        assertEquals(List.of("c"), tags(second));
        assertEquals(Optional.empty(), next(second));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void lastStartsTheListAfterTheNamedTag(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        tagged(client, "discovery/last", "a", "b", "c", "d");

        List<String> after = tags(client.send("GET", "/v2/discovery/last/tags/list?n=2&last=b", null));

        assertEquals(isDistribution(registry) ? List.of("a", "b", "c", "d") : List.of("c", "d"),
                isDistribution(registry) ? after.stream().sorted().toList() : after);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void nZeroIsAnEmptyListWithoutLink(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        tagged(client, "discovery/zero", "a", "b");

        HttpResponse<byte[]> none = client.send("GET", "/v2/discovery/zero/tags/list?n=0", null);

        assertEquals(isDistribution(registry) ? 2 : 0, tags(none).size(), "Distribution 2.8 ignores n");
        assertEquals(Optional.empty(), none.headers().firstValue("Link"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void tagsOfAnUnknownRepositoryAre404NameUnknown(RegistryExtension registry) {
        HttpResponse<byte[]> response = new SpecClient(registry.registry()).send("GET", "/v2/discovery/none/tags/list", null);

        assertEquals(404, response.statusCode());
        assertEquals(List.of("NAME_UNKNOWN"), errorCodes(response));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void catalogIsPagedWithNLastAndLink(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        for (String name : List.of("discovery/catalog/r1", "discovery/catalog/r2", "discovery/catalog/r3")) {
            client.pushImage(name, "1", 2, 10);
        }

        HttpResponse<byte[]> first = client.send("GET", "/v2/_catalog?n=2&last=discovery/catalog/r", null);
        assertEquals(200, first.statusCode(), () -> text(first));
        HttpResponse<byte[]> second = client.send("GET", next(first).orElseThrow(), null);

        assertEquals(List.of("discovery/catalog/r1", "discovery/catalog/r2"), strings(json(first).path("repositories")));
        assertEquals("discovery/catalog/r3", json(second).path("repositories").path(0).asText(), () -> text(second));
    }

    /** A subject image and three referrers: an SBOM (artifactType), a signature (config type only) and an index. */
    private static List<String> pushReferrers(SpecClient client, String repository, String subjectDigest) {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repository, empty);
        String subject = descriptor(OCI_MANIFEST, subjectDigest, 500);
        byte[] sbom = SpecClient.imageManifest(OCI_MANIFEST, descriptor("application/vnd.oci.empty.v1+json", empty),
                List.of(), subject, "application/example.sbom", "{\"org.example.kind\":\"sbom\"}");
        byte[] signature = SpecClient.imageManifest(OCI_MANIFEST, descriptor("application/example.signature", empty),
                List.of(), subject, null, "{\"org.example.kind\":\"signature\"}");
        List<String> digests = new ArrayList<>();
        digests.add(client.pushManifest(repository, digest(sbom), OCI_MANIFEST, sbom));
        digests.add(client.pushManifest(repository, digest(signature), OCI_MANIFEST, signature));
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + descriptor(OCI_MANIFEST, sbom) + "],\"subject\":" + subject + "}").getBytes(StandardCharsets.UTF_8);
        digests.add(client.pushManifest(repository, digest(index), OCI_INDEX, index));
        return digests;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void referrersAreTheManifestsWhoseSubjectIsTheDigest(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        String subject = digest(client.pushImage("discovery/referred", "1", 3, 100));
        List<String> referrers = pushReferrers(client, "discovery/referred", subject);

        HttpResponse<byte[]> response = client.send("GET", "/v2/discovery/referred/referrers/" + subject, null);

        if (isDistribution(registry)) {
            assertEquals(404, response.statusCode(), "Distribution 2.8 has no referrers API: clients use the tag schema");
            return;
        }
        assertEquals(200, response.statusCode(), () -> text(response));
        assertEquals(Optional.of(OCI_INDEX), response.headers().firstValue("Content-Type"));
        JsonNode manifests = json(response).path("manifests");
        List<String> found = new ArrayList<>();
        manifests.forEach(d -> found.add(d.path("digest").asText()));
        assertEquals(referrers.stream().sorted().toList(), found.stream().sorted().toList());
        for (JsonNode d : manifests) {
            String kind = d.path("annotations").path("org.example.kind").asText();
            String expectedType = kind.equals("sbom") ? "application/example.sbom"
                    : kind.equals("signature") ? "application/example.signature" : null;
            // artifactType: the manifest's own, else its config's media type; an index without one has none.
            assertEquals(expectedType, d.has("artifactType") ? d.path("artifactType").asText() : null, d.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void artifactTypeFilterNarrowsTheListAndSaysSo(RegistryExtension registry) {
        SpecClient client = new SpecClient(registry.registry());
        String subject = digest(client.pushImage("discovery/filtered", "1", 4, 100));
        List<String> referrers = pushReferrers(client, "discovery/filtered", subject);

        HttpResponse<byte[]> response = client.send("GET", "/v2/discovery/filtered/referrers/" + subject
                + "?artifactType=application/example.sbom", null);

        if (isDistribution(registry)) {
            assertEquals(404, response.statusCode(), "Distribution 2.8 has no referrers API");
            return;
        }
        assertEquals(Optional.of("artifactType"), response.headers().firstValue("OCI-Filters-Applied"));
        JsonNode manifests = json(response).path("manifests");
        assertEquals(1, manifests.size(), () -> text(response));
        assertEquals(referrers.get(0), manifests.path(0).path("digest").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void referrersOfADigestNothingReferencesAreAnEmptyIndex(RegistryExtension registry) {
        HttpResponse<byte[]> response = new SpecClient(registry.registry()).send("GET",
                "/v2/discovery/nothing/referrers/sha256:" + "2".repeat(64), null);

        if (isDistribution(registry)) {
            assertEquals(404, response.statusCode(), "Distribution 2.8 has no referrers API");
            return;
        }
        // A registry with the API never answers 404 here, not even for an unknown repository.
        assertEquals(200, response.statusCode(), () -> text(response));
        assertEquals(0, json(response).path("manifests").size());
        assertEquals(2, json(response).path("schemaVersion").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void referrersOfAMalformedDigestAre400(RegistryExtension registry) {
        HttpResponse<byte[]> response = new SpecClient(registry.registry()).send("GET",
                "/v2/discovery/bad/referrers/sha256:nothex", null);

        assertEquals(isDistribution(registry) ? 404 : 400, response.statusCode(), "Distribution 2.8 has no referrers API");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registries")
    void theTagSchemaFallbackIsAPlainIndexTag(RegistryExtension registry) {
        // What clients do where the API is missing: the referrers list as an index tagged <alg>-<hex>.
        SpecClient client = new SpecClient(registry.registry());
        String subject = digest(client.pushImage("discovery/fallback", "1", 5, 100));
        byte[] referrer = client.pushImage("discovery/fallback", "sbom", 6, 100);
        byte[] index = SpecClient.index(List.of(descriptor(OCI_MANIFEST, referrer)));
        String tag = subject.replace(':', '-');

        client.pushManifest("discovery/fallback", tag, OCI_INDEX, index);

        HttpResponse<byte[]> get = client.send("GET", "/v2/discovery/fallback/manifests/" + tag, null, "Accept", OCI_INDEX);
        assertEquals(200, get.statusCode(), () -> text(get));
        assertEquals(digest(referrer), json(get).path("manifests").path(0).path("digest").asText());
    }
}
