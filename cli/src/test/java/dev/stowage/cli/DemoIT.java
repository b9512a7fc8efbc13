package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage demo} of the real jar, without a registry: once in a temporary store, once in a store given. */
class DemoIT {
    @TempDir
    static Path scratch;

    private static Path temporaryDirectory;
    private static StowageProcess.Result inTemporaryStore;
    private static Path givenStore;
    private static StowageProcess.Result inGivenStore;

    @BeforeAll
    static void runTheDemoTwice() throws Exception {
        temporaryDirectory = Files.createDirectory(scratch.resolve("tmp"));
        inTemporaryStore = StowageProcess.run(scratch,
                Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temporaryDirectory), "demo");
        givenStore = scratch.resolve("store");
        inGivenStore = StowageProcess.run(scratch, Map.of(), "demo", "--store", givenStore.toString());
    }

    private static DemoTranscript transcript() {
        return new DemoTranscript(inTemporaryStore.out());
    }

    @Test
    void exitsZeroAndNarratesEachStepWithItsCommand() {
        assertEquals(0, inTemporaryStore.exitCode(), inTemporaryStore.err());
        List<String> headers = transcript().headers();
        for (String command : List.of("stowage images", "stowage tag demo/app:2 demo/app:latest",
                "stowage images --filter reference=demo/app",
                "stowage inspect --format '{{.Id}} {{.Architecture}}' demo/app:latest",
                "stowage history demo/app:latest", "stowage rmi demo/app:latest",
                "stowage image prune --keep 2 -f", "stowage system df")) {
            assertTrue(headers.stream().anyMatch(h -> h.endsWith(": " + command)), command + " not among " + headers);
        }
    }

    @Test
    void buildsABaseAndTwoAppVersionsFirst() {
        List<String> built = transcript().step("Build three related images").lines().toList();

        assertEquals(3, built.size(), String.join("\n", built));
        assertTrue(built.get(0).matches("built demo/base:1  ID [0-9a-f]{12}, 1 layer"), built.get(0));
        assertTrue(built.get(1).matches("built demo/app:1  ID [0-9a-f]{12}, 2 layers"), built.get(1));
        assertTrue(built.get(2).matches("built demo/app:2  ID [0-9a-f]{12}, 2 layers"), built.get(2));
    }

    @Test
    void theReferenceFilterListsOnlyTheAppWithLatestBesideItsVersionTag() {
        List<String> rows = transcript().command("images --filter reference=demo/app").lines().toList();

        assertTrue(rows.get(0).startsWith("REPOSITORY   TAG       IMAGE ID"), rows.get(0));
        List<String> tags = rows.stream().skip(1).map(r -> r.split(" +")).peek(c -> assertEquals("demo/app", c[0]))
                .map(c -> c[1]).toList();
        assertEquals(List.of("2", "latest", "1"), tags);
    }

    @Test
    void inspectPrintsTheIdAndArchitecture() {
        String line = transcript().command("inspect --format '{{.Id}} {{.Architecture}}' demo/app:latest");

        assertTrue(line.matches("sha256:[0-9a-f]{64} [a-z0-9]+"), line);
    }

    @Test
    void rmiOfATagOnlyUntagsIt() {
        assertEquals("Untagged: demo/app:latest", transcript().command("rmi demo/app:latest"));
    }

    @Test
    void keepingTwoVersionsPrunesTheOldestAppAndReportsTheSpaceReclaimed() {
        List<String> lines = transcript().command("image prune --keep 2 -f").lines().toList();

        assertTrue(lines.contains("untagged: demo/app:1"), String.join("\n", lines));
        String total = lines.get(lines.size() - 1);
        assertTrue(total.matches("Total reclaimed space: [0-9.]+kB"), total);
    }

    @Test
    void eachStepPrintsWhatTheCommandPrintsOnItsOwn() throws Exception {
        assertEquals(0, inGivenStore.exitCode(), inGivenStore.err());
        DemoTranscript demo = new DemoTranscript(inGivenStore.out());

        assertEquals(demo.step("What is left"), stowage("images").strip());
        assertEquals(demo.command("system df"), stowage("system", "df").strip());
    }

    @Test
    void buildsTheSameImagesOnEveryRun() {
        assertEquals(transcript().step("Build three related images"),
                new DemoTranscript(inGivenStore.out()).step("Build three related images"));
    }

    @Test
    void deletesItsTemporaryStore() throws IOException {
        try (Stream<Path> left = Files.list(temporaryDirectory)) {
            assertEquals(List.of(), left.toList());
        }
    }

    private static String stowage(String... args) throws IOException, InterruptedException {
        String[] all = Stream.concat(Stream.of("--store", givenStore.toString()), Stream.of(args)).toArray(String[]::new);
        StowageProcess.Result result = StowageProcess.run(scratch, Map.of(), all);
        assertEquals(0, result.exitCode(), result.err());
        return result.out();
    }
}
