package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.model.Digest;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage pull} and {@code push} of the real jar against the real registry, checked against docker's output. */
class TransferCommandsIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path scratch;

    private StowageProcess.Result stowage(Path store, String... args) throws IOException, InterruptedException {
        String[] all = Stream.concat(Stream.of("--store", store.toString()), Stream.of(args)).toArray(String[]::new);
        return StowageProcess.run(scratch, Map.of(), all);
    }

    /** Runs a step the test builds on, failing the test (with stowage's stderr) if the step fails. */
    private void setUp(Path store, String... args) throws IOException, InterruptedException {
        StowageProcess.Result result = stowage(store, args);
        assertEquals(0, result.exitCode(), () -> "stowage " + String.join(" ", args) + ": " + result.err());
    }

    private static String id(Digest digest) {
        return digest.hex().substring(0, 12);
    }

    private BuiltImage stored(Path store, String reference, long seed) {
        try (FileImageStore s = FileImageStore.open(store)) {
            return RemoteFixtures.image(s, reference, seed, 20_000);
        }
    }

    @Test
    void pushPrintsTheRepositoryEachBlobAndTheDigestLine() throws Exception {
        Path store = scratch.resolve("store");
        String ref = registry.host() + "/cli/pushed:1";
        BuiltImage built = stored(store, ref, 1);

        StowageProcess.Result result = stowage(store, "push", ref);

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("The push refers to repository [" + registry.host() + "/cli/pushed]", lines.get(0));
        assertTrue(lines.contains(id(built.layers().get(0).digest()) + ": Pushed"), result.out());
        assertEquals("1: digest: " + built.manifestDigest() + " size: " + built.manifest().size(), lines.get(lines.size() - 1));
    }

    @Test
    void pushAgainSaysEveryLayerAlreadyExists() throws Exception {
        Path store = scratch.resolve("store");
        String ref = registry.host() + "/cli/again:1";
        BuiltImage built = stored(store, ref, 2);
        setUp(store, "push", ref);

        StowageProcess.Result result = stowage(store, "push", ref);

        assertTrue(result.out().lines().anyMatch((id(built.layers().get(0).digest()) + ": Layer already exists")::equals),
                result.out());
    }

    @Test
    void pullPrintsEachBlobTheDigestTheStatusAndTheFullName() throws Exception {
        String ref = registry.host() + "/cli/pulled:1";
        BuiltImage built = stored(scratch.resolve("origin"), ref, 3);
        setUp(scratch.resolve("origin"), "push", "-q", ref);

        StowageProcess.Result result = stowage(scratch.resolve("store"), "pull", ref);

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("1: Pulling from cli/pulled", lines.get(0));
        assertTrue(lines.contains(id(built.layers().get(0).digest()) + ": Pull complete"), result.out());
        assertEquals(List.of("Digest: " + built.manifestDigest(), "Status: Downloaded newer image for " + ref, ref),
                lines.subList(lines.size() - 3, lines.size()));
    }

    @Test
    void pullOfAnImageAlreadyStoredSaysItIsUpToDate() throws Exception {
        String ref = registry.host() + "/cli/uptodate:1";
        stored(scratch.resolve("origin"), ref, 4);
        setUp(scratch.resolve("origin"), "push", "-q", ref);
        setUp(scratch.resolve("store"), "pull", "-q", ref);

        StowageProcess.Result result = stowage(scratch.resolve("store"), "pull", ref);

        assertTrue(result.out().lines().anyMatch(("Status: Image is up to date for " + ref)::equals), result.out());
    }

    @Test
    void quietPullPrintsOnlyTheFullName() throws Exception {
        String ref = registry.host() + "/cli/quiet:1";
        stored(scratch.resolve("origin"), ref, 5);
        setUp(scratch.resolve("origin"), "push", "-q", ref);

        StowageProcess.Result result = stowage(scratch.resolve("store"), "pull", "-q", ref);

        assertEquals(ref + "\n", result.out());
    }

    @Test
    void pushToAnotherRepositoryOfTheRegistrySaysMountedFrom() throws Exception {
        String ref = registry.host() + "/cli/source:1";
        BuiltImage built = stored(scratch.resolve("origin"), ref, 6);
        setUp(scratch.resolve("origin"), "push", "-q", ref);
        Path store = scratch.resolve("store");
        setUp(store, "pull", "-q", ref);
        setUp(store, "tag", ref, registry.host() + "/cli/target:1");

        StowageProcess.Result result = stowage(store, "push", registry.host() + "/cli/target:1");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(1, built.layers().size(), "the image has a layer to mount");
        // Every blob, the config as well as the layer, is mounted, one line each.
        assertEquals(Stream.of(built.imageId(), built.layers().get(0).digest()).map(d -> id(d) + ": Mounted from cli/source")
                        .sorted().toList(),
                result.out().lines().filter(line -> line.contains(": Mounted from ")).sorted().toList(), result.out());
    }

    @Test
    void pullOfAPlatformTheImageLacksFailsNamingWhatItHas() throws Exception {
        String ref = registry.host() + "/cli/platforms:1";
        try (FileImageStore s = FileImageStore.open(scratch.resolve("origin"))) {
            RemoteFixtures.twoPlatforms(s, ref, 7);
        }
        setUp(scratch.resolve("origin"), "push", "-q", ref);

        StowageProcess.Result result = stowage(scratch.resolve("store"), "pull", "--platform", "linux/s390x", ref);

        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("linux/amd64, linux/arm64"), result.err());
    }

    @Test
    void pullWithThePlatformOfASinglePlatformImageTakesIt() throws Exception {
        String ref = registry.host() + "/cli/amd64only:1";
        stored(scratch.resolve("origin"), ref, 8);
        setUp(scratch.resolve("origin"), "push", "-q", ref);

        StowageProcess.Result result = stowage(scratch.resolve("store"), "pull", "--platform", "linux/amd64", ref);

        assertEquals(0, result.exitCode(), result.err());
    }

    @Test
    void pullWithAnotherPlatformThanASinglePlatformImagesIsRefusedAsDockerRefusesIt() throws Exception {
        String ref = registry.host() + "/cli/amd64:1";
        stored(scratch.resolve("origin"), ref, 9);
        setUp(scratch.resolve("origin"), "push", "-q", ref);
        Path store = scratch.resolve("store");

        StowageProcess.Result result = stowage(store, "pull", "--platform", "linux/arm64", ref);

        assertEquals(1, result.exitCode(), result.out());
        assertEquals("stowage: image with reference " + ref + " was found but does not match the specified platform:"
                + " wanted linux/arm64, actual: linux/amd64\n", result.err());
        assertEquals("", stowage(store, "images", "-q").out(), "nothing is stored");
    }

    @Test
    void pullOfEveryTagPrintsEachTagsDigestAfterThatTag() throws Exception {
        Path origin = scratch.resolve("origin");
        String repo = registry.host() + "/cli/tags";
        List<BuiltImage> built = new java.util.ArrayList<>();
        for (int tag = 1; tag <= 3; tag++) {
            built.add(stored(origin, repo + ":" + tag, 20 + tag));
            setUp(origin, "push", "-q", repo + ":" + tag);
        }

        StowageProcess.Result result = stowage(scratch.resolve("store"), "pull", "-a", repo);

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        for (int tag = 1; tag <= 3; tag++) { // in the registry's order of tags, each tag's digest before the next tag
            int header = lines.indexOf(tag + ": Pulling from cli/tags");
            int digest = lines.indexOf("Digest: " + built.get(tag - 1).manifestDigest());
            int next = header + 1;
            while (next < lines.size() && !lines.get(next).endsWith(": Pulling from cli/tags")
                    && !lines.get(next).startsWith("Status: ")) {
                next++;
            }
            assertTrue(header >= 0 && header < digest && digest < next, "tag " + tag + ":\n" + result.out());
        }
    }

    @Test
    void blobLinesOfAPullAndAPushAreInManifestOrderEveryTime() throws Exception {
        String ref = registry.host() + "/cli/ordered:1";
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(scratch.resolve("origin"))) {
            // the first layers largest, so that with parallel transfers the small ones finish first
            built = RemoteFixtures.image(s, ref, 30, 3_000_000, 2_000_000, 1_000, 500, 200, 100, 50, 20);
        }
        List<String> expectedPush = new java.util.ArrayList<>();
        expectedPush.add(id(built.imageId()) + ": Pushed");
        built.layers().forEach(l -> expectedPush.add(id(l.digest()) + ": Pushed"));

        StowageProcess.Result push = stowage(scratch.resolve("origin"), "push", ref);
        StowageProcess.Result pull = stowage(scratch.resolve("store"), "pull", ref);

        assertEquals(expectedPush, push.out().lines().filter(l -> l.endsWith(": Pushed")).toList(), push.out());
        assertEquals(expectedPush.stream().map(l -> l.replace(": Pushed", ": Pull complete")).toList(),
                pull.out().lines().filter(l -> l.contains(": ") && !l.startsWith("Digest") && !l.startsWith("Status")
                        && !l.contains("Pulling from")).toList(), pull.out());
    }

    @Test
    void onATerminalTheBarsOfAPullAreDrawnInManifestOrder() throws Exception {
        String ref = registry.host() + "/cli/bars:1";
        BuiltImage built;
        try (FileImageStore s = FileImageStore.open(scratch.resolve("origin"))) {
            // the first layers largest, so that with parallel transfers the small ones finish first
            built = RemoteFixtures.image(s, ref, 31, 3_000_000, 2_000_000, 1_000, 500, 200, 100);
        }
        setUp(scratch.resolve("origin"), "push", "-q", ref);
        List<String> manifestOrder = new java.util.ArrayList<>();
        manifestOrder.add(id(built.imageId()));
        built.layers().forEach(l -> manifestOrder.add(id(l.digest())));

        StowageProcess.Result result = StowageProcess.in(scratch).onTerminal()
                .run("--store", scratch.resolve("store").toString(), "pull", ref);

        assertEquals(0, result.exitCode(), result.out());
        String screen = result.out();
        List<Integer> firstDrawn = manifestOrder.stream().map(screen::indexOf).toList();
        assertTrue(firstDrawn.get(0) >= 0 && firstDrawn.equals(firstDrawn.stream().sorted().toList())
                && firstDrawn.stream().distinct().count() == firstDrawn.size(), manifestOrder + " at " + firstDrawn + ":\n" + screen);
    }
}
