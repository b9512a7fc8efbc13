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
}
