package dev.stowage.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RetryPolicy;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RawHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries that lie or never stop talking, each written by hand on a loopback port (what the
 * Distribution registry cannot be made to do): every pull from one ends in an error naming the
 * problem, reads a bounded number of bytes, and leaves the store as it was: no blob, no name and
 * nothing lost of the image already there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileRegistryTest {
    private static final String KEPT = "local/kept:1";
    private static final byte[] LAYER = random(10_000, 7);
    private static final byte[] CONFIG = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\"" + Digest.sha256(LAYER) + "\"]}}").getBytes(UTF_8);
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
            + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(CONFIG)
            + "\",\"size\":" + CONFIG.length + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_TAR_GZIP
            + "\",\"digest\":\"" + Digest.sha256(LAYER) + "\",\"size\":" + LAYER.length + "}]}").getBytes(UTF_8);

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();
    private FileImageStore store;
    private Set<String> filesBefore;
    private String indexBefore;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @BeforeEach
    void storeWithAnImage() throws IOException {
        store = FileImageStore.open(dir.resolve("store"));
        RemoteFixtures.image(store, KEPT, 1, 3_000);
        filesBefore = blobFiles();
        indexBefore = Files.readString(store.directory().resolve("index.json"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    /** A registry serving the image above, except where {@code overrides} (keyed by path) answer otherwise. */
    private RawHttpServer registry(Map<String, RawHttpServer.Handler> overrides) {
        Map<String, RawHttpServer.Handler> paths = new HashMap<>();
        paths.put("/v2/", x -> x.respond(200, Map.of(), new byte[0]));
        paths.put("/v2/app/manifests/1", content(MediaTypes.OCI_MANIFEST, MANIFEST));
        paths.put("/v2/app/manifests/" + Digest.sha256(MANIFEST), content(MediaTypes.OCI_MANIFEST, MANIFEST));
        paths.put("/v2/app/blobs/" + Digest.sha256(CONFIG), content("application/octet-stream", CONFIG));
        paths.put("/v2/app/blobs/" + Digest.sha256(LAYER), content("application/octet-stream", LAYER));
        paths.putAll(overrides);
        RawHttpServer server = RawHttpServer.start(x -> {
            RawHttpServer.Handler handler = paths.get(x.request().target().replaceFirst("\\?.*", ""));
            if (handler != null) {
                handler.handle(x);
            } else {
                x.respond(404, Map.of("Content-Type", "application/json"),
                        "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes(US_ASCII));
            }
        });
        started.add(server);
        return server;
    }

    /** Answers GET with {@code body}, HEAD with its headers only, as a registry does; the digest is the body's own. */
    private static RawHttpServer.Handler content(String contentType, byte[] body) {
        return content(contentType, Digest.sha256(body), body);
    }

    private static RawHttpServer.Handler content(String contentType, Digest announced, byte[] body) {
        return x -> {
            x.output().write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nDocker-Content-Digest: "
                    + announced + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(US_ASCII));
            if (!x.request().method().equals("HEAD")) {
                x.output().write(body);
            }
        };
    }

    private RegistryClient client() {
        RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none())
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10)))
                .build();
        started.add(client);
        return client;
    }

    /**
     * Pulls {@code app:1} from {@code server}: it must fail with {@code type}, giving the store no
     * name, none of the {@code refused} blobs and losing nothing. Blobs of the image that arrived
     * whole and verified may stay, unnamed, for the next pull (as a partial pull leaves them).
     */
    private <T extends Throwable> T pullFails(RawHttpServer server, Class<T> type, Digest... refused) {
        ImageManager images = ImageManager.builder().store(store).registry(client()).build();
        started.add(images);
        String reference = server.host() + "/app:1";
        T e = assertThrows(type, () -> images.pull(reference).call());
        assertStoreUnchanged(reference, refused);
        return e;
    }

    private void assertStoreUnchanged(String reference, Digest... refused) {
        try {
            assertFalse(store.resolve(ImageReference.parse(reference)).isPresent(), "the image got a name");
            assertEquals(indexBefore, Files.readString(store.directory().resolve("index.json")));
            assertTrue(store.resolve(ImageReference.parse(KEPT)).isPresent(), "the image already there was lost");
            Set<String> after = blobFiles();
            assertTrue(after.containsAll(filesBefore), "blobs were lost: " + filesBefore + " then " + after);
            for (Digest d : refused) {
                assertFalse(after.contains(d.hex()), "refused blob " + d + " is in the store");
            }
            for (String hex : after) {
                byte[] bytes = Files.readAllBytes(store.directory().resolve("blobs/sha256/" + hex));
                assertEquals(hex, Digest.sha256(bytes).hex(), "a stored blob does not match its name");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> blobFiles() {
        try (Stream<Path> files = Files.walk(store.directory().resolve("blobs"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a chunked body that never ends; counts what was written until the client hung up. */
    private static RawHttpServer.Handler endless(String contentType, byte[] start, byte[] filler, AtomicLong written) {
        return x -> {
            OutputStream out = x.output();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(US_ASCII));
            chunk(out, start);
            written.addAndGet(start.length);
            for (long i = 0; i < Long.MAX_VALUE; i++) { // until the client closes the connection
                chunk(out, filler);
                written.addAndGet(filler.length);
            }
        };
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(US_ASCII));
    }

    @Test
    void manifestThatNeverEndsIsCutAtFourMebibytes() {
        AtomicLong written = new AtomicLong();
        byte[] filler = new byte[64 * 1024];
        Arrays.fill(filler, (byte) ' ');
        Digest endlessDigest = Digest.sha256(filler);
        RawHttpServer server = registry(Map.of(
                "/v2/app/manifests/1", content(MediaTypes.OCI_MANIFEST, endlessDigest, MANIFEST),
                "/v2/app/manifests/" + endlessDigest,
                endless(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2,".getBytes(US_ASCII), filler, written)));

        RegistryException e = pullFails(server, RegistryException.class);

        assertTrue(e.getMessage().contains("over the 4 MiB limit"), e.getMessage());
        // the cap, the client's read window and the socket buffers: not the body, which has no end
        assertTrue(written.get() < 64L << 20, written + " bytes written before the client hung up");
    }

    @Test
    void blobWhoseContentLengthIsShorterThanTheBlobIsRefusedNamingTheSize() {
        RawHttpServer server = registry(Map.of("/v2/app/blobs/" + Digest.sha256(LAYER), x -> {
            x.output().write(("HTTP/1.1 200 OK\r\nContent-Length: " + (LAYER.length / 2) + "\r\n\r\n").getBytes(US_ASCII));
            x.output().write(LAYER); // the rest is garbage in front of the next response
            x.closeConnection();
        }));

        RegistryException e = pullFails(server, RegistryException.class, Digest.sha256(LAYER));

        assertTrue(e.getMessage().contains(Digest.sha256(LAYER).toString()), e.getMessage());
    }

    @Test
    void blobWhoseContentLengthIsLongerThanTheBodyIsRefusedOnceTheRetriesRunOut() {
        RawHttpServer server = registry(Map.of("/v2/app/blobs/" + Digest.sha256(LAYER), x -> {
            x.output().write(("HTTP/1.1 200 OK\r\nContent-Length: " + (LAYER.length * 2) + "\r\n\r\n").getBytes(US_ASCII));
            x.output().write(LAYER, 0, LAYER.length / 2);
            x.closeConnection(); // the body ends where Content-Length says it goes on
        }));

        RegistryException e = pullFails(server, RegistryException.class, Digest.sha256(LAYER));

        assertTrue(e.getMessage().contains(Digest.sha256(LAYER).toString()), e.getMessage());
    }

    @Test
    void contentLengthIsNotTrustedWhereTheBytesAreRight() {
        RawHttpServer server = registry(Map.of("/v2/app/blobs/" + Digest.sha256(LAYER), x -> {
            x.output().write(("HTTP/1.1 200 OK\r\nContent-Length: " + (LAYER.length * 2) + "\r\n\r\n").getBytes(US_ASCII));
            x.output().write(LAYER);
            x.closeConnection(); // every byte of the blob, then the end where Content-Length says it goes on
        }));
        ImageManager images = ImageManager.builder().store(store).registry(client()).build();
        started.add(images);

        images.pull(server.host() + "/app:1").call();

        assertTrue(store.hasBlob(Digest.sha256(LAYER)));
    }

    @Test
    void layerWhoseBytesDoNotMatchItsDigestIsRefused() {
        byte[] other = LAYER.clone();
        other[5000] ^= 1;
        RawHttpServer server = registry(Map.of("/v2/app/blobs/" + Digest.sha256(LAYER),
                x -> x.respond(200, Map.of(), other)));

        DigestMismatchException e = pullFails(server, DigestMismatchException.class, Digest.sha256(LAYER),
                Digest.sha256(other));

        assertEquals(Digest.sha256(other), e.actual());
    }

    @Test
    void manifestWhoseAnnouncedDigestLiesIsRefused() {
        Digest lie = Digest.sha256("another manifest".getBytes(US_ASCII));
        RawHttpServer server = registry(Map.of(
                "/v2/app/manifests/1", content(MediaTypes.OCI_MANIFEST, lie, MANIFEST),
                "/v2/app/manifests/" + lie, content(MediaTypes.OCI_MANIFEST, lie, MANIFEST)));

        DigestMismatchException e = pullFails(server, DigestMismatchException.class);

        assertEquals(lie, e.expected());
    }

    @Test
    void redirectChainOfAThousandHopsStopsAtTheLimit() {
        AtomicLong hops = new AtomicLong();
        Map<String, RawHttpServer.Handler> overrides = new HashMap<>();
        RawHttpServer.Handler hop = x -> {
            long n = hops.incrementAndGet();
            x.respond(n < 1000 ? 307 : 200, Map.of("Location", "/hop/" + n), n < 1000 ? new byte[0] : LAYER);
        };
        overrides.put("/v2/app/blobs/" + Digest.sha256(LAYER), hop);
        for (int i = 1; i <= 1000; i++) {
            overrides.put("/hop/" + i, hop);
        }
        RawHttpServer server = registry(overrides);

        RegistryException e = pullFails(server, RegistryException.class, Digest.sha256(LAYER));

        assertTrue(e.getMessage().contains("redirects"), e.getMessage());
        assertTrue(hops.get() <= 50, hops + " hops followed");
    }

    @Test
    void tokenOfAHundredMegabytesIsRefusedNamingItsSize() {
        AtomicLong written = new AtomicLong();
        byte[] filler = new byte[64 * 1024];
        Arrays.fill(filler, (byte) 'a');
        RawHttpServer.Handler token = endless("application/json", "{\"token\":\"".getBytes(US_ASCII), filler, written);
        RawHttpServer[] self = new RawHttpServer[1];
        RawHttpServer.Handler challenge = x -> x.respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://"
                + self[0].host() + "/token\",service=\"test\""), new byte[0]);
        self[0] = registry(Map.of("/token", token, "/v2/app/manifests/1", challenge));

        RegistryException e = pullFails(self[0], RegistryException.class);

        assertTrue(e.getMessage().contains("token") && e.getMessage().contains("MiB"), e.getMessage());
        assertTrue(written.get() < 64L << 20, written + " bytes written before the client hung up");
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    @Test
    void manifestNestedAHundredThousandDeepIsRefused() {
        byte[] deep = ("{\"schemaVersion\":2,\"annotations\":" + nested(100_000) + "}").getBytes(US_ASCII);
        RawHttpServer server = registry(Map.of(
                "/v2/app/manifests/1", content(MediaTypes.OCI_MANIFEST, deep),
                "/v2/app/manifests/" + Digest.sha256(deep), content(MediaTypes.OCI_MANIFEST, deep)));

        IllegalArgumentException e = pullFails(server, IllegalArgumentException.class);

        assertTrue(e.getMessage().contains("nest"), e.getMessage());
    }

    @Test
    void configNestedAHundredThousandDeepIsRefused() {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + nested(100_000)
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(US_ASCII);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_TAR_GZIP
                + "\",\"digest\":\"" + Digest.sha256(LAYER) + "\",\"size\":" + LAYER.length + "}]}").getBytes(UTF_8);
        RawHttpServer server = registry(Map.of(
                "/v2/app/manifests/1", content(MediaTypes.OCI_MANIFEST, manifest),
                "/v2/app/manifests/" + Digest.sha256(manifest), content(MediaTypes.OCI_MANIFEST, manifest),
                "/v2/app/blobs/" + Digest.sha256(config), content("application/octet-stream", config)));

        StowageException e = pullFails(server, StowageException.class);

        assertTrue(e.getMessage().contains("config " + Digest.sha256(config)) && e.getMessage().contains("nesting depth"),
                e.getMessage());
    }

    @Test
    void headerLineOfAMegabyteIsRefused() {
        String junk = "x".repeat(1 << 20);
        RawHttpServer server = registry(Map.of("/v2/app/manifests/1",
                x -> x.respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "X-Junk", junk), MANIFEST)));

        RegistryException e = pullFails(server, RegistryException.class);

        assertTrue(e.getMessage().contains("malformed HTTP response") && e.getMessage().contains("Header size"),
                e.getMessage());
    }
}
