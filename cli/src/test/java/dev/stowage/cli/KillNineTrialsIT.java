package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.GeneratedLayer;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.CountingProxy;
import dev.stowage.testkit.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} trials of the real command line: {@code stowage pull}, {@code push}, {@code tag},
 * {@code rmi}, {@code image prune -a}, {@code copy}, {@code save -o FILE} and {@code load -i FILE},
 * each killed at a random moment (in half of the pulls and copies once its layer is partly
 * downloaded), in a third of the trials while a second process pulls into the same store. After
 * each kill: {@code stowage fsck} passes, every image tagged before that the command was not
 * removing is there with its digest, the same command run again succeeds (no lock stays held), and
 * a partial download is resumed: the run again fetches no more than what was missing and one
 * buffer. A killed save leaves its file as it was (absent, or the complete archive of an earlier
 * save), never a part of one; the next save deletes the killed one's partial file.
 *
 * <p>{@code ./run-tests} runs 16 trials (2 per command); {@code -Dstowage.reliability=long} runs
 * 100 (README, "Reliability").
 */
class KillNineTrialsIT {
    private static final boolean LONG = "long".equals(System.getProperty("stowage.reliability"));
    private static final int TRIALS = LONG ? 100 : 16;
    private static final long LAYER = 32L << 20;
    /** What a resumed download may fetch beyond what was missing: bytes written but not yet flushed. */
    private static final long BUFFER = 1L << 20;

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path scratch;

    private enum Command { PULL, PUSH, TAG, RMI, PRUNE, COPY, SAVE, LOAD }

    private Path store;
    private CountingProxy proxy;
    private GeneratedLayer big;
    private String bigRef;
    private String smallRef;
    /** A complete archive of the big image as {@code save} writes it: what {@code load} reads and a killed save may leave. */
    private Path archive;
    private Digest archiveDigest;
    private Path saved;

    @Test
    void everyCommandKilledAtARandomMomentLeavesAValidStoreAndItsNextRunSucceeds() throws Exception {
        store = scratch.resolve("store");
        big = new GeneratedLayer(LAYER, 1);
        GeneratedLayer small = new GeneratedLayer(64 << 10, 2);
        try (RegistryClient client = RegistryClient.builder().credentials(CredentialProvider.anonymous()).build()) {
            big.publish(client, ImageReference.parse(registry.host() + "/kill/big:1"));
            small.publish(client, ImageReference.parse(registry.host() + "/kill/small:1"));
        }
        Random random = new Random(LONG ? System.nanoTime() : 15);
        Map<Command, Integer> runs = new EnumMap<>(Command.class);
        int midBlob = 0;
        int concurrent = 0;
        int savesCutShort = 0;
        long missing = 0;
        long refetched = 0;
        try (CountingProxy p = CountingProxy.to(registry.registry())) {
            proxy = p;
            proxy.throttleResponses(16 << 20); // ~2 s per layer: room to kill in the middle of it
            bigRef = proxy.host() + "/kill/big:1";
            smallRef = proxy.host() + "/kill/small:1";
            saveTheArchive();
            for (int trial = 0; trial < TRIALS; trial++) {
                Command command = Command.values()[trial % Command.values().length];
                runs.merge(command, 1, Integer::sum);
                String[] args = prepare(command, trial);
                Set<String> removable = switch (command) {
                    case RMI -> Set.of(args[1]);
                    case PRUNE -> tags().keySet();
                    default -> Set.of();
                };
                Map<String, Digest> before = tags();

                Process second = null;
                if (random.nextInt(3) == 0) {
                    second = stowage().start(withStore("pull", smallRef));
                    concurrent++;
                }
                Process killed = stowage().start(withStore(args));
                boolean downloads = command == Command.PULL || command == Command.COPY;
                if (downloads && random.nextBoolean()) {
                    awaitPartialDownload(killed);
                    Thread.sleep(random.nextInt(500));
                } else {
                    Thread.sleep(random.nextInt(3000));
                }
                killed.destroyForcibly(); // SIGKILL
                assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
                if (second != null) {
                    assertTrue(second.waitFor(120, TimeUnit.SECONDS), "the second process did not finish");
                    assertEquals(0, second.exitValue(), "trial " + trial + ": the concurrent pull failed");
                }

                String what = "trial " + trial + " (" + String.join(" ", args) + ")";
                if (command == Command.SAVE) {
                    if (Files.exists(saved)) {
                        assertEquals(archiveDigest, sha256(saved), what + ": the killed save left a partial archive");
                    }
                    try (Stream<Path> beside = Files.list(saved.getParent())) {
                        savesCutShort += beside.anyMatch(f -> !f.equals(saved)) ? 1 : 0; // killed while writing
                    }
                }
                StowageProcess.Result fsck = run("fsck");
                assertEquals(0, fsck.exitCode(), what + ": fsck\n" + fsck.out() + fsck.err());
                Map<String, Digest> after = tags();
                before.forEach((ref, digest) -> {
                    if (!removable.contains(ref)) {
                        assertEquals(digest, after.get(ref), what + ": " + ref + " lost or changed");
                    }
                });

                long partial = partialBytes();
                boolean blobDone = hasBigLayer();
                proxy.reset();
                String[] again = command == Command.RMI && !after.containsKey(args[1])
                        ? new String[] {"tag", bigRef, args[1]} // the victim is gone: still a writer, taking the lock
                        : args;
                StowageProcess.Result rerun = run(again);
                assertEquals(0, rerun.exitCode(), what + ", run again: " + rerun.err());
                if (command == Command.SAVE) {
                    assertEquals(archiveDigest, sha256(saved), what + ", run again: the archive");
                    try (Stream<Path> beside = Files.list(saved.getParent())) {
                        assertEquals(Set.of(saved), beside.collect(Collectors.toSet()),
                                what + ", run again: the killed save's partial file is still there");
                    }
                } else if (command == Command.LOAD) {
                    assertEquals(big.manifest().digest(), tags().get(bigRef), what + ", run again: the loaded image");
                }
                if (downloads) {
                    long fetched = proxy.exchanges(e -> e.method().equals("GET")
                            && e.target().endsWith("/blobs/" + big.digest())).stream()
                            .mapToLong(CountingProxy.Exchange::responseBodyBytes).sum();
                    long wanted = blobDone ? 0 : LAYER - partial;
                    assertTrue(fetched <= wanted + BUFFER, what + ": fetched " + fetched + " bytes again, "
                            + partial + " of " + LAYER + " were on disk");
                    midBlob += partial > 0 ? 1 : 0;
                    missing += wanted;
                    refetched += fetched;
                }
            }
        }
        System.out.printf("RELIABILITY kill -9: %d/%d trials (%s), %d killed mid-blob, %d saves killed while writing,"
                + " %d with a second process: fsck clean, 0 images lost, every save's file absent or complete, every"
                + " next run succeeded; resumed downloads fetched %d bytes for %d missing%n", TRIALS, TRIALS, runs,
                midBlob, savesCutShort, concurrent, refetched, missing);
        assertTrue(midBlob > 0, "no trial killed a download in the middle of its layer");
    }

    /** Sets the store up for {@code command} and returns its arguments. */
    private String[] prepare(Command command, int trial) {
        try (FileImageStore s = FileImageStore.open(store)) {
            boolean present = s.hasBlob(big.digest());
            if (command == Command.PULL || command == Command.COPY || command == Command.LOAD) {
                // the layer must be downloaded (or read from the archive), so that the kill may strike in the middle of it
                for (ImageRecord image : s.images()) {
                    if (image.digest().equals(big.manifest().digest())) {
                        s.delete(image.id().hex(), true);
                    }
                }
                s.gc();
            } else if (!present || s.resolve(bigRef).isEmpty()) {
                big.store(s, ImageReference.parse(bigRef));
            }
            return switch (command) {
                case PULL -> new String[] {"pull", bigRef};
                case COPY -> new String[] {"copy", bigRef, "store:" + proxy.host() + "/kill/copied:" + trial};
                case PUSH -> {
                    String target = proxy.host() + "/kill/pushed:" + trial;
                    s.tag(big.manifest().digest(), ImageReference.parse(target));
                    yield new String[] {"push", target};
                }
                case TAG -> new String[] {"tag", bigRef, proxy.host() + "/kill/tagged:" + trial};
                case RMI -> {
                    String victim = proxy.host() + "/kill/victim:" + trial;
                    s.tag(big.manifest().digest(), ImageReference.parse(victim));
                    yield new String[] {"rmi", victim};
                }
                case PRUNE -> new String[] {"image", "prune", "-a", "-f"};
                case SAVE -> new String[] {"save", "-o", saved.toString(), bigRef};
                case LOAD -> new String[] {"load", "-i", archive.toString()};
            };
        }
    }

    /** Saves the big image, named {@code bigRef}, with the command line: the archive every save and load of the trials is measured by. */
    private void saveTheArchive() throws Exception {
        try (FileImageStore s = FileImageStore.open(store)) {
            big.store(s, ImageReference.parse(bigRef));
        }
        archive = scratch.resolve("big.tar");
        StowageProcess.Result save = run("save", "-o", archive.toString(), bigRef);
        assertEquals(0, save.exitCode(), save.err());
        archiveDigest = sha256(archive);
        saved = Files.createDirectories(scratch.resolve("saves")).resolve("big.tar");
    }

    private static Digest sha256(Path file) throws java.io.IOException {
        return Digest.sha256(Files.readAllBytes(file));
    }

    /** Waits (bounded) until the big layer's partial download holds some bytes, or the process ended. */
    private void awaitPartialDownload(Process process) throws InterruptedException {
        for (int i = 0; i < 3000 && process.isAlive() && partialBytes() == 0; i++) {
            Thread.sleep(20);
        }
    }

    private long partialBytes() {
        Path partial = store.resolve("stowage/ingest/" + big.digest().algorithm() + "-" + big.digest().hex());
        try {
            return Files.exists(partial) ? Files.size(partial) : 0;
        } catch (java.io.IOException e) {
            return 0; // moved into place meanwhile
        }
    }

    private boolean hasBigLayer() {
        try (FileImageStore s = FileImageStore.open(store)) {
            return s.hasBlob(big.digest());
        }
    }

    /** Every tag in the store and the manifest it names. */
    private Map<String, Digest> tags() {
        if (!Files.exists(store)) {
            return new HashMap<>();
        }
        try (FileImageStore s = FileImageStore.open(store)) {
            return s.images().stream().flatMap(i -> i.tags().stream().map(t -> Map.entry(t.toString(), i.digest())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    private StowageProcess stowage() {
        return StowageProcess.in(scratch);
    }

    private String[] withStore(String... args) {
        return Stream.concat(Stream.of("--store", store.toString()), Stream.of(args)).toArray(String[]::new);
    }

    private StowageProcess.Result run(String... args) throws Exception {
        return stowage().run(withStore(args));
    }
}
