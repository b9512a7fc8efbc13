package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.TestImage;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Digest;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.Canaries;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real {@code stowage.jar} on a tampered store: links planted where the store keeps its own
 * files point at canary files outside it, which every command must leave unread, unwritten and
 * undeleted; a FIFO must not hang any command. The hostile-store findings of issue 11, as a user
 * of the command line meets them.
 */
class TamperedStoreIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static CountingProxy proxy;

    @TempDir
    Path scratch;
    private final List<Path> fifos = new ArrayList<>();

    @BeforeAll
    static void startProxy() {
        proxy = CountingProxy.to(registry.registry());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    /** A process stuck opening a FIFO (on code that opens one) is released. */
    @AfterEach
    void releaseReadersOfFifos() throws IOException {
        for (Path fifo : fifos) {
            if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)) {
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
            }
        }
    }

    private StowageProcess.Result stowage(Path store, String... args) throws IOException, InterruptedException {
        String[] all = Stream.concat(Stream.of("--store", store.toString()), Stream.of(args)).toArray(String[]::new);
        return StowageProcess.run(scratch, Map.of(), all);
    }

    private static Path blobPath(Path store, Digest d) {
        return store.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    private static void replaceWithLink(Path entry, Path target) throws IOException {
        deleteRecursively(entry);
        Files.createDirectories(entry.getParent());
        Files.createSymbolicLink(entry, target);
    }

    private void replaceWithFifo(Path entry) throws IOException, InterruptedException {
        deleteRecursively(entry);
        Process mkfifo = new ProcessBuilder("mkfifo", entry.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo " + entry);
        fifos.add(entry);
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** Files outside the store named as the store names its own, which a sweep through a link would delete. */
    private Canaries canariesNamedLikeTheStoresFiles() {
        Canaries outside = Canaries.in(scratch.resolve("outside"));
        String hex = "0123456789abcdef".repeat(4);
        for (String name : List.of("12345", hex, "sha256-" + hex, "new-" + UUID.randomUUID(),
                "index.json." + UUID.randomUUID() + ".tmp", "sha256/" + hex, "notes.txt")) {
            outside.plant(name);
        }
        return outside;
    }

    /** An image on the registry (behind the proxy), pushed from a store of its own. */
    private BuiltImage onTheRegistry(String repositoryAndTag, long seed) {
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(scratch.resolve("origin-" + seed)))
                .registry(RemoteFixtures.client()).build()) {
            BuiltImage built = RemoteFixtures.image(images.store(), RemoteFixtures.at(proxy, repositoryAndTag), seed, 20_000);
            images.push(RemoteFixtures.at(proxy, repositoryAndTag)).call();
            return built;
        }
    }

    @ParameterizedTest(name = "{0} linked out, then {1}")
    @CsvSource({
            "stowage/tmp, rmi app:1",
            "stowage/leases, system df",
            "stowage/ingest, image prune -a -f",
            "blobs/foo, image prune -f",
            "blobs, image prune -f"})
    void commandOnAStoreWithALinkedDirectoryFailsNamingTheLinkAndTouchesNothingOutside(String entry, String command)
            throws Exception {
        Path store = scratch.resolve("store");
        try (FileImageStore s = FileImageStore.open(store)) {
            TestImage.created("2024-01-01T00:00:00Z").layer(3000, 1, "ADD rootfs.tar /").storeIn(s, "app:1");
            TestImage.created("2024-01-01T00:00:00Z").layer(3000, 2, "ADD rootfs.tar /").storeIn(s);
        }
        Canaries outside = canariesNamedLikeTheStoresFiles();
        replaceWithLink(store.resolve(entry), outside.directory());

        StowageProcess.Result result = stowage(store, command.split(" "));

        outside.assertUntouched();
        assertEquals(1, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains(store.toRealPath().resolve(entry) + " is a symbolic link"), result.err());
    }

    @Test
    void pullNeverWritesThroughALinkPlantedAtTheIngestNameOfItsLayer() throws Exception {
        BuiltImage remote = onTheRegistry("tamper/pulled:1", 11);
        Digest layer = remote.layers().get(0).digest();
        Path store = scratch.resolve("store");
        FileImageStore.open(store).close();
        Canaries outside = Canaries.in(scratch.resolve("outside"));
        // Larger than the layer: a resumed download would truncate it and write the layer into it.
        replaceWithLink(store.resolve("stowage/ingest/sha256-" + layer.hex()), outside.plant("victim", 50_000));

        StowageProcess.Result result = stowage(store, "pull", RemoteFixtures.at(proxy, "tamper/pulled:1"));

        outside.assertUntouched();
        assertEquals(0, result.exitCode(), result.err());
        Path blob = blobPath(store, layer);
        assertTrue(Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS), blob + " is a regular file");
        assertEquals(layer, Digest.sha256(Files.readAllBytes(blob)));
    }

    @Test
    void pushOfAnImageWhoseLayerIsALinkFailsNamingItAndSendsNothingOfWhatItPointsTo() throws Exception {
        Path store = scratch.resolve("store");
        String ref = RemoteFixtures.at(proxy, "tamper/linked:1");
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(store)) {
            built = RemoteFixtures.image(s, ref, 12, 20_000);
        }
        Digest layer = built.layers().get(0).digest();
        Canaries outside = Canaries.in(scratch.resolve("outside"));
        replaceWithLink(blobPath(store, layer), outside.plant("secret", (int) built.layers().get(0).size()));
        proxy.reset();

        StowageProcess.Result result = stowage(store, "push", ref);

        outside.assertUntouched();
        assertNotEquals(0, result.exitCode(), result.out());
        assertTrue(result.err().contains(layer.toString()) && result.err().contains("symbolic link"), result.err());
        List<CountingProxy.Exchange> sentLayer = proxy.exchanges(e -> e.target().contains(layer.hex())
                && e.requestBodyBytes() > 0);
        assertEquals(List.of(), sentLayer, "nothing of the linked file reached the registry");
    }

    /**
     * Every command that uses the store, on one tampered at file level so that it still opens:
     * two blobs of an image are links out of the store, another image's manifest is a FIFO, and
     * links sit under names the store gives its partial downloads, temporaries and leases.
     * Commands may fail; none may hang, print the outside files' content, or touch them.
     */
    @Test
    void everyCommandOnATamperedStoreStaysInsideItsRoot() throws Exception {
        BuiltImage remote = onTheRegistry("tamper/remote:1", 21);
        Path store = scratch.resolve("store");
        String linkedRef = RemoteFixtures.at(proxy, "tamper/linked:1");
        String intactRef = RemoteFixtures.at(proxy, "tamper/intact:1");
        BuiltImage linked;
        TestImage.Stored fifo;
        try (FileImageStore s = FileImageStore.open(store)) {
            linked = RemoteFixtures.image(s, linkedRef, 22, 20_000);
            fifo = TestImage.created("2024-01-01T00:00:00Z").layer(3000, 23, "ADD rootfs.tar /").storeIn(s, "fifo:1");
            RemoteFixtures.image(s, intactRef, 24, 20_000);
        }
        Canaries outside = canariesNamedLikeTheStoresFiles();
        Digest config = linked.manifest().config().digest();
        replaceWithLink(blobPath(store, config), outside.plant("config", (int) linked.manifest().config().size()));
        Digest layer = linked.layers().get(0).digest();
        replaceWithLink(blobPath(store, layer), outside.plant("layer", (int) linked.layers().get(0).size()));
        replaceWithFifo(blobPath(store, fifo.manifest()));
        replaceWithLink(store.resolve("stowage/ingest/sha256-" + remote.layers().get(0).digest().hex()),
                outside.plant("ingest-victim", 50_000));
        replaceWithLink(store.resolve("stowage/ingest/new-" + UUID.randomUUID()), outside.plant("writer-victim"));
        replaceWithLink(store.resolve("stowage/tmp/index.json." + UUID.randomUUID() + ".tmp"), outside.plant("tmp-victim"));
        replaceWithLink(store.resolve("stowage/leases/4242"), outside.plant("lease-victim"));

        List<String[]> commands = List.of(
                new String[] {"images"},
                new String[] {"images", "--digests", "--no-trunc", "--format", "{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}"},
                new String[] {"inspect", linkedRef},
                new String[] {"inspect", "fifo:1"},
                new String[] {"history", linkedRef},
                new String[] {"history", "fifo:1"},
                new String[] {"tag", intactRef, "intact:2"},
                new String[] {"rmi", "intact:2"},
                new String[] {"system", "df", "-v"},
                new String[] {"fsck"},
                new String[] {"pull", RemoteFixtures.at(proxy, "tamper/remote:1")},
                new String[] {"push", linkedRef},
                new String[] {"push", intactRef},
                new String[] {"image", "prune", "-f"},
                new String[] {"fsck", "--repair"},
                new String[] {"rmi", "-f", linkedRef, "fifo:1"},
                new String[] {"image", "prune", "-a", "-f"},
                new String[] {"demo"});
        for (String[] command : commands) {
            StowageProcess.Result result = stowage(store, command);
            String what = "stowage " + String.join(" ", command) + " (exit " + result.exitCode() + "): " + result.err();
            assertFalse(outside.isIn(result.out()) || outside.isIn(result.err()), what + " printed an outside file");
            if (command[0].equals("pull")) {
                assertEquals(0, result.exitCode(), what);
                Path pulled = blobPath(store, remote.layers().get(0).digest());
                assertTrue(Files.isRegularFile(pulled, LinkOption.NOFOLLOW_LINKS), pulled + " is a regular file");
            }
        }

        outside.assertUntouched();
    }
}
