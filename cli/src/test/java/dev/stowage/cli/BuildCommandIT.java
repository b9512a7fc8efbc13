package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.RemoteFixtures;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage build} and {@code import} of the real jar: standard input, pulls of missing bases, {@code --push}. */
class BuildCommandIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    private static String base;

    @TempDir
    Path dir;

    @BeforeAll
    static void baseOnTheRegistry(@TempDir Path scratch) {
        base = registry.host() + "/cli/base:1";
        try (RegistryClient client = RemoteFixtures.client();
                ImageManager images = ImageManager.builder().registry(client).store(FileImageStore.open(scratch)).build()) {
            ImageBuilder.fromScratch().platform(Platform.hostLinux())
                    .layer(l -> l.file("etc/os-release", "ID=base\n".getBytes(StandardCharsets.UTF_8)))
                    .build(images.store(), ImageReference.parse(base));
            images.push(base).call();
        }
    }

    private StowageProcess.Result stowage(byte[] stdin, String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = dir.resolve("store").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return StowageProcess.in(dir).withStdin(stdin).run(all);
    }

    @Test
    void aDockerfileOnStandardInputBuildsWithAnEmptyContextPullingItsBase() throws Exception {
        StowageProcess.Result result = stowage(("FROM " + base + "\nLABEL from=stdin\n").getBytes(StandardCharsets.UTF_8),
                "build", "-t", "localhost/app:1", "-");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("Successfully tagged localhost/app:1"), result.out());
        StowageProcess.Result inspect = stowage(new byte[0], "inspect", "--format", "{{.Config.Labels.from}}", "localhost/app:1");
        assertEquals("stdin\n", inspect.out());
        assertTrue(stowage(new byte[0], "images", "--format", "{{.Repository}}:{{.Tag}}").out()
                .contains(base + "\n"), "the base was pulled into the store");
    }

    @Test
    void aContextTarOnStandardInputIsTheContext() throws Exception {
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(tarBytes))) {
            add(tar, "Dockerfile", "FROM " + base + "\nCOPY app.txt /app/\n");
            add(tar, "app.txt", "from the tar");
        }
        StowageProcess.Result result = stowage(tarBytes.toByteArray(), "build", "-q", "-t", "localhost/app:2", "-");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("sha256:"), result.out());
        StowageProcess.Result history = stowage(new byte[0], "history", "--no-trunc", "--format", "{{.CreatedBy}}",
                "localhost/app:2");
        assertTrue(history.out().startsWith("COPY app.txt /app/ # buildkit\n"), history.out());
    }

    private static void add(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    @Test
    void pushSendsTheBuiltImageToTheRegistry() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY app.txt /app/\n");
        Files.writeString(ctx.resolve("app.txt"), "pushed");
        String target = registry.host() + "/cli/built:1";
        StowageProcess.Result result = stowage(new byte[0], "build", "--push", "-t", target, ctx.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("1: digest: sha256:")), result.out());
        String digest = new String(Skopeo.locate().inspectRaw("docker://" + target), StandardCharsets.UTF_8);
        assertTrue(digest.contains("\"layers\""), digest);
    }

    @Test
    void addDownloadsAUrlAndChecksItsChecksum() throws Exception {
        // the registry is a real HTTP server: its blob URL serves the base's layer
        String layer;
        try (FileImageStore store = FileImageStore.open(dir.resolve("probe"));
                RegistryClient client = RemoteFixtures.client();
                ImageManager images = ImageManager.builder().registry(client).store(store).build()) {
            images.pull(base).call();
            layer = ((dev.stowage.core.model.ImageManifest) store.manifest(
                    store.resolve(ImageReference.parse(base)).orElseThrow().digest())).layers().get(0).digest().toString();
        }
        String url = "http://" + registry.host() + "/v2/cli/base/blobs/" + layer;
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nADD --checksum=" + layer + " " + url + " /downloads/\n");
        StowageProcess.Result ok = stowage(new byte[0], "build", "-t", "localhost/downloaded:1", ctx.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        StowageProcess.Result history = stowage(new byte[0], "history", "--no-trunc", "--format", "{{.CreatedBy}}",
                "localhost/downloaded:1");
        assertTrue(history.out().startsWith("ADD " + url + " /downloads/ # buildkit"), history.out());

        String wrong = "sha256:" + "0".repeat(64);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nADD --checksum=" + wrong + " " + url + " /downloads/\n");
        StowageProcess.Result refused = stowage(new byte[0], "build", "-t", "localhost/downloaded:2", ctx.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("checksum mismatch for " + url), refused.err());
    }

    @Test
    void importReadsATarballFromStandardInput() throws Exception {
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            add(tar, "etc/hostname", "imported\n");
        }
        StowageProcess.Result result = stowage(tarBytes.toByteArray(), "import", "-c", "CMD [\"/bin/sh\"]", "-",
                "localhost/imported:1");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("sha256:"), result.out());
        StowageProcess.Result history = stowage(new byte[0], "history", "--format", "{{.Comment}}", "localhost/imported:1");
        assertEquals("Imported from -\n", history.out());
    }
}
