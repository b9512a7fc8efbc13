package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.TestImage;
import dev.stowage.store.FileImageStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands run in-process on a file store, checked against the shapes docker prints. */
class ImageCommandsTest {
    @TempDir
    Path dir;
    private TestImage.Stored app;
    private TestImage.Stored next;
    private TestImage.Stored loose;

    @BeforeEach
    void store() {
        try (FileImageStore store = FileImageStore.open(dir)) {
            app = TestImage.created("2024-01-01T00:00:00Z").label("team", "web").layer(3000, 1, "ADD rootfs.tar /")
                    .emptyStep("CMD [\"/app\"]", "buildkit.dockerfile.v0")
                    .storeIn(store, "127.0.0.1:5000/app:1", "nginx:1.21");
            next = TestImage.created("2024-06-01T00:00:00Z").layer(3000, 1, "ADD rootfs.tar /").layer(800, 2, "COPY app /app")
                    .storeIn(store, "127.0.0.1:5000/app:2");
            loose = TestImage.created("2023-01-01T00:00:00Z").layer(500, 3, "ADD x").storeIn(store);
        }
    }

    private CliRun stowage(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    private static List<String> lines(CliRun run) {
        return run.out().lines().toList();
    }

    @Test
    void imagesPrintsDockersColumnsOneRowPerName() {
        CliRun run = stowage("images");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = lines(run);
        assertTrue(lines.get(0).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE"), lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(lines.get(1).matches("127\\.0\\.0\\.1:5000/app +2 +" + next.id().hex().substring(0, 12) + " +.+ ago +[0-9.]+kB"),
                lines.get(1));
        assertTrue(lines.get(4).startsWith("<none>               <none>    " + loose.id().hex().substring(0, 12)), lines.get(4));
    }

    @Test
    void formatRepositoryAndTagPrintsTheFamiliarNameWithRegistry() {
        assertEquals(List.of("127.0.0.1:5000/app:2", "127.0.0.1:5000/app:1", "nginx:1.21", "<none>:<none>"),
                lines(stowage("images", "--format", "{{.Repository}}:{{.Tag}}")));
    }

    @Test
    void imageLsIsTheSameCommand() {
        assertEquals(stowage("images").out(), stowage("image", "ls").out());
    }

    @Test
    void quietPrintsTruncatedIdsAndNoTruncFullOnes() {
        assertEquals(List.of(next.id().hex().substring(0, 12), app.id().hex().substring(0, 12), app.id().hex().substring(0, 12),
                loose.id().hex().substring(0, 12)), lines(stowage("images", "-q")));
        assertEquals(next.id().toString(), lines(stowage("images", "-q", "--no-trunc")).get(0));
    }

    @Test
    void digestsAddsADigestColumn() {
        List<String> lines = lines(stowage("images", "--digests"));

        assertTrue(lines.get(0).matches("REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE"), lines.get(0));
        assertTrue(lines.get(1).contains(next.manifest().toString()), lines.get(1));
    }

    @Test
    void filtersAreRepeatableAndCombine() {
        assertEquals(List.of("nginx:1.21"),
                lines(stowage("images", "--filter", "label=team=web", "-f", "reference=nginx", "--format", "{{.Repository}}:{{.Tag}}")));
        assertEquals(List.of("<none>:<none>"), lines(stowage("images", "--filter", "dangling=true", "--format", "{{.Repository}}:{{.Tag}}")));
        assertEquals(List.of("127.0.0.1:5000/app:2"),
                lines(stowage("images", "--filter", "since=nginx:1.21", "--filter", "dangling=false", "--format", "{{.Repository}}:{{.Tag}}")));
        // an image is as old as the later of its creation and its arrival: all three arrived today
        assertEquals(List.of(),
                lines(stowage("images", "--filter", "until=2024-02-01T00:00:00Z", "--format", "{{.Repository}}:{{.Tag}}")));
        assertEquals(List.of("127.0.0.1:5000/app:2", "127.0.0.1:5000/app:1", "nginx:1.21", "<none>:<none>"),
                lines(stowage("images", "--filter", "until=2999-01-01T00:00:00Z", "--format", "{{.Repository}}:{{.Tag}}")));
    }

    @Test
    void repositoryArgumentFiltersLikeReference() {
        assertEquals(List.of("127.0.0.1:5000/app:2", "127.0.0.1:5000/app:1"),
                lines(stowage("images", "127.0.0.1:5000/app", "--format", "{{.Repository}}:{{.Tag}}")));
    }

    @Test
    void unknownFilterIsBadInput() {
        CliRun run = stowage("images", "--filter", "colour=red");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("invalid filter 'colour'"), run.err());
    }

    @Test
    void jsonFormatPrintsDockersRowObjects() throws Exception {
        JsonNode row = new ObjectMapper().readTree(lines(stowage("images", "--format", "json")).get(0));

        List<String> keys = new java.util.ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size", "Tag",
                "UniqueSize", "VirtualSize"), keys);
        assertEquals("127.0.0.1:5000/app", row.get("Repository").asText());
    }

    @Test
    void inspectPrintsAJsonArrayWithDockersFields() throws Exception {
        CliRun run = stowage("inspect", "nginx:1.21");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("[\n    {\n        \"Id\": \"" + app.id() + "\""), run.out());
        JsonNode array = new ObjectMapper().readTree(run.out());
        assertEquals(1, array.size());
        assertEquals("nginx:1.21", array.get(0).get("RepoTags").get(1).asText());
        assertEquals("web", array.get(0).get("Config").get("Labels").get("team").asText());
    }

    @Test
    void inspectFormatRendersDottedPathsAndJson() {
        assertEquals(List.of("map[team:web] linux " + app.id()),
                lines(stowage("inspect", "--format", "{{.Config.Labels}} {{.Os}} {{.Id}}", "nginx:1.21")));
        assertEquals(List.of("{\"team\":\"web\"}"), lines(stowage("inspect", "-f", "{{json .Config.Labels}}", "nginx:1.21")));
    }

    @Test
    void inspectOfAMissingImageStillShowsTheOthersAndExits1() throws Exception {
        CliRun run = stowage("inspect", "nope:1", "nginx:1.21");

        assertEquals(1, run.exitCode());
        assertEquals(1, new ObjectMapper().readTree(run.out()).size());
        assertTrue(run.err().contains("nope:1"), run.err());
    }

    @Test
    void historyPrintsStepsNewestFirstWithDockersColumns() {
        List<String> lines = lines(stowage("history", "127.0.0.1:5000/app:1"));

        assertTrue(lines.get(0).matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT"), lines.get(0));
        assertTrue(lines.get(1).matches(app.id().hex().substring(0, 12) + " +.+ ago +CMD \\[\"/app\"\\] +0B +buildkit.dockerfile.v0"),
                lines.get(1));
        assertTrue(lines.get(2).matches("<missing> +.+ ago +ADD rootfs.tar / +[0-9.]+kB +"), lines.get(2));
    }

    @Test
    void historyTruncatesLongCommandsUnlessAsked() {
        assertEquals(List.of("CMD [\"/app\"]|0B", "ADD rootfs.tar /|" + HumanUnits.size(app.layers().get(0).size())),
                lines(stowage("history", "--format", "{{.CreatedBy}}|{{.Size}}", "nginx:1.21")));
        assertEquals("ADD rootfs.tar /", HistoryCommand.ellipsis("ADD rootfs.tar /", 16));
        assertEquals("ADD rootf…", HistoryCommand.ellipsis("ADD rootfs.tar /", 10));
    }

    @Test
    void rmiPrintsUntaggedAndDeletedLines() {
        assertEquals(List.of("Untagged: nginx:1.21"), lines(stowage("rmi", "nginx:1.21")));
        assertEquals(List.of("Untagged: 127.0.0.1:5000/app:1", "Deleted: " + app.id()), lines(stowage("rmi", "127.0.0.1:5000/app:1")));
    }

    @Test
    void rmiOfAMissingImageFailsButRemovesTheOthers() {
        CliRun run = stowage("rmi", "nope:1", "nginx:1.21");

        assertEquals(1, run.exitCode());
        assertEquals(List.of("Untagged: nginx:1.21"), lines(run));
        assertTrue(run.err().contains("no such image: nope:1"), run.err());
        assertEquals(0, stowage("rmi", "-f", "nope:1").exitCode());
    }

    @Test
    void tagThenImagesShowsTheNewName() {
        assertEquals(0, stowage("tag", "nginx:1.21", "registry.example.com/team/nginx:v1").exitCode());

        assertEquals(List.of("registry.example.com/team/nginx:v1"),
                lines(stowage("images", "registry.example.com/team/nginx", "--format", "{{.Repository}}:{{.Tag}}")));
    }

    @Test
    void pruneReportsDeletedImagesAndEndsWithTotalReclaimedSpace() {
        List<String> lines = lines(stowage("image", "prune", "-f"));

        assertEquals(List.of("Deleted Images:", "deleted: " + loose.id(), ""), lines.subList(0, 3));
        assertTrue(lines.get(3).matches("Total reclaimed space: [0-9.]+kB"), lines.get(3));
    }

    @Test
    void pruneKeepAndDryRunChangeNothing() {
        List<String> lines = lines(stowage("image", "prune", "--keep", "1", "--dry-run"));

        assertEquals("Would delete Images:", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("Total reclaimed space: 0B (dry run; would reclaim "), lines.toString());
        assertEquals(4, lines(stowage("images", "-q")).size());
    }

    @Test
    void pruneAllWithLabelFilterRemovesOnlyMatchingImages() {
        stowage("image", "prune", "-a", "-f", "--filter", "label=team=web");

        assertEquals(List.of("127.0.0.1:5000/app:2", "<none>:<none>"), lines(stowage("images", "--format", "{{.Repository}}:{{.Tag}}")));
    }

    @Test
    void systemDfPrintsTheImagesRow() {
        List<String> lines = lines(stowage("system", "df"));

        assertTrue(lines.get(0).matches("TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE"), lines.get(0));
        assertTrue(lines.get(1).matches("Images +3 +0 +[0-9.]+kB +[0-9.]+kB \\(100%\\)"), lines.get(1));
    }

    @Test
    void systemDfVerboseListsEveryImageWithSharedAndUniqueSize() {
        List<String> lines = lines(stowage("system", "df", "-v"));

        assertEquals(List.of("Images space usage:", ""), lines.subList(0, 2));
        assertTrue(lines.get(2).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE +SHARED SIZE +UNIQUE SIZE +CONTAINERS"), lines.get(2));
        assertEquals(6, lines.size());
        assertTrue(lines.get(3).startsWith("127.0.0.1:5000/app   2 "), lines.get(3));
    }
}
