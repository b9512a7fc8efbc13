package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage build} and {@code stowage import} in-process on a file store: docker's output and options. */
class BuildCommandTest {
    @TempDir
    Path dir;
    private Path store;
    private Path ctx;

    @BeforeEach
    void setUp() throws IOException {
        store = dir.resolve("store");
        try (FileImageStore s = FileImageStore.open(store)) {
            ImageBuilder.fromScratch().environment(Map.of()).platform(Platform.parse("linux/amd64"))
                    .layer(l -> l.file("etc/os-release", "ID=base\n".getBytes(StandardCharsets.UTF_8)))
                    .build(s, ImageReference.parse("localhost/base:1"));
        }
        ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("app.jar"), "jar");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM localhost/base:1
                ARG VERSION=dev
                COPY app.jar /app/
                LABEL version=$VERSION
                ENTRYPOINT ["java", "-jar", "/app/app.jar"]
                """);
    }

    private CliRun stowage(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = store.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    private ImageConfig config(String reference) throws IOException {
        try (FileImageStore s = FileImageStore.open(store)) {
            ImageManifest m = (ImageManifest) s.manifest(s.resolve(ImageReference.parse(reference)).orElseThrow().digest());
            try (InputStream in = s.openBlob(m.config().digest())) {
                return ImageConfig.parse(in.readAllBytes());
            }
        }
    }

    @Test
    void buildPrintsDockersStepsAndTheResult() throws IOException {
        CliRun run = stowage("build", "-t", "localhost/app:1", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(List.of("Step 1/5 : FROM localhost/base:1", "Step 2/5 : ARG VERSION=dev", "Step 3/5 : COPY app.jar /app/",
                "Step 4/5 : LABEL version=$VERSION", "Step 5/5 : ENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]"),
                lines.subList(0, 5));
        String id = config("localhost/app:1").digest().shortHex(12);
        assertEquals(List.of(" ---> " + id, "Successfully built " + id, "Successfully tagged localhost/app:1"),
                lines.subList(5, 8));
    }

    @Test
    void aRebuildSaysItUsedTheCache() {
        stowage("build", "-t", "localhost/app:1", ctx.toString());
        CliRun again = stowage("build", "-t", "localhost/app:1", ctx.toString());
        assertTrue(again.out().contains("Step 3/5 : COPY app.jar /app/\n ---> Using cache\n"), again.out());
        CliRun noCache = stowage("build", "--no-cache", "-t", "localhost/app:1", ctx.toString());
        assertTrue(!noCache.out().contains("Using cache"), noCache.out());
    }

    @Test
    void quietPrintsOnlyTheIdAndIidfileGetsIt() throws IOException {
        Path iid = dir.resolve("iid");
        CliRun run = stowage("build", "-q", "--iidfile", iid.toString(), "-t", "localhost/app:1", ctx.toString());
        String id = config("localhost/app:1").digest().toString();
        assertEquals(id + "\n", run.out());
        assertEquals(id, Files.readString(iid));
    }

    @Test
    void buildArgsLabelsTargetsAndTagsApply() throws IOException {
        CliRun run = stowage("build", "--build-arg", "VERSION=1.2", "--label", "team=web", "-t", "localhost/app:1",
                "-t", "localhost/app:latest", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Map.of("version", "1.2", "team", "web"), config("localhost/app:latest").config().labels());
    }

    @Test
    void anotherDockerfileIsGivenWithF() throws IOException {
        Path other = Files.writeString(dir.resolve("other.Dockerfile"), "FROM localhost/base:1\nLABEL other=yes\n");
        assertEquals(0, stowage("build", "-f", other.toString(), "-t", "localhost/app:1", ctx.toString()).exitCode());
        assertEquals("yes", config("localhost/app:1").config().labels().get("other"));
    }

    @Test
    void aDockerfileWithRunExits2NamingTheLine() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM localhost/base:1\nRUN make\n");
        CliRun run = stowage("build", "-t", "localhost/app:1", ctx.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("stowage: Dockerfile:2: RUN make: RUN needs a container runtime"), run.err());
    }

    @Test
    void anUnusedBuildArgIsAWarning() {
        CliRun run = stowage("build", "--build-arg", "NOPE=1", "-t", "localhost/app:1", ctx.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("[Warning] one or more build args were not consumed: [NOPE]\n", run.err());
    }

    @Test
    void historyOfABuiltImageReadsLikeDockers() {
        stowage("build", "-t", "localhost/app:1", ctx.toString());
        CliRun run = stowage("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "localhost/app:1");
        assertEquals(List.of("ENTRYPOINT [\"java\" \"-jar\" \"/app/app.jar\"]|buildkit.dockerfile.v0",
                "LABEL version=dev|buildkit.dockerfile.v0", "COPY app.jar /app/ # buildkit|buildkit.dockerfile.v0",
                "ARG VERSION=dev|buildkit.dockerfile.v0", "|"), run.out().lines().toList());
    }

    @Test
    void importMakesAOneLayerImageWithTheChanges() throws IOException {
        Path tar = dir.resolve("rootfs.tar.gz");
        try (OutputStream file = Files.newOutputStream(tar);
                TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
            byte[] content = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("bin/hello");
            e.setSize(content.length);
            e.setMode(0755);
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }
        CliRun run = stowage("import", "-c", "ENV PATH=/bin", "--change", "CMD [\"/bin/hello\"]", "-c", "EXPOSE 80",
                "-m", "from a tarball", tar.toString(), "localhost/imported:1");
        assertEquals(0, run.exitCode(), run.err());
        ImageConfig config = config("localhost/imported:1");
        assertEquals(config.digest() + "\n", run.out());
        assertEquals(List.of("PATH=/bin"), config.config().env());
        assertEquals(List.of("/bin/hello"), config.config().cmd());
        assertEquals(java.util.Set.of("80/tcp"), config.config().exposedPorts());
        assertEquals("from a tarball", config.history().get(0).comment());
        assertEquals(1, config.rootfs().diffIds().size());
    }

    @Test
    void importRefusesAChangeItCannotMake() throws IOException {
        Path tar = dir.resolve("empty.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            out.finish();
        }
        CliRun run = stowage("import", "-c", "COPY a /b", tar.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("COPY is not a change an import can make"), run.err());
    }
}
