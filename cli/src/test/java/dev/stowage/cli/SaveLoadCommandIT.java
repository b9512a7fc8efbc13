package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage save} and {@code stowage load} of the real jar, as docker's: files, pipes, terminals, hostile input. */
class SaveLoadCommandIT {
    @TempDir
    Path scratch;

    private BuiltImage app;

    @BeforeEach
    void storeWithAnImage() {
        try (FileImageStore store = FileImageStore.open(scratch.resolve("store"))) {
            app = ImageBuilder.fromScratch()
                    .layer(l -> l.file("hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8)))
                    .entrypoint("/hello")
                    .build(store, ImageReference.parse("demo/app:1"));
        }
    }

    private StowageProcess.Result stowage(String store, StowageProcess process, String... args)
            throws IOException, InterruptedException {
        return process.run(Stream.concat(Stream.of("--store", scratch.resolve(store).toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    private StowageProcess.Result stowage(String store, String... args) throws IOException, InterruptedException {
        return stowage(store, StowageProcess.in(scratch), args);
    }

    @Test
    void saveToAFileAndLoadItPrintsDockersLine() throws Exception {
        Path archive = scratch.resolve("app.tar");
        StowageProcess.Result saved = stowage("store", "save", "-o", archive.toString(), "demo/app:1");
        assertEquals(0, saved.exitCode(), saved.err());
        assertEquals("", saved.out());

        StowageProcess.Result loaded = stowage("other", "load", "-i", archive.toString());

        assertEquals(0, loaded.exitCode(), loaded.err());
        assertEquals("Loaded image: demo/app:1\n", loaded.out());
        assertTrue(stowage("other", "images", "-q").out().contains(app.imageId().shortHex(12)));
    }

    @Test
    void loadOverANameHeldByAnotherImagePrintsDockersRenameLine() throws Exception {
        Path archive = scratch.resolve("app.tar");
        assertEquals(0, stowage("store", "save", "-o", archive.toString(), "demo/app:1").exitCode());
        BuiltImage other;
        try (FileImageStore store = FileImageStore.open(scratch.resolve("other"))) {
            other = ImageBuilder.fromScratch().layer(l -> l.file("other.txt", new byte[] {1}))
                    .build(store, ImageReference.parse("demo/app:1"));
        }

        StowageProcess.Result loaded = stowage("other", "load", "-i", archive.toString());

        assertEquals("The image demo/app:1 already exists, renaming the old one with ID " + other.imageId()
                + " to empty string\nLoaded image: demo/app:1\n", loaded.out());
    }

    @Test
    void saveToStandardOutputPipesIntoLoad() throws Exception {
        StowageProcess.Result saved = stowage("store", "save", "--compress", "gzip", app.imageId().toString());
        assertEquals(0, saved.exitCode(), saved.err());

        StowageProcess.Result loaded = stowage("other", StowageProcess.in(scratch).withStdin(saved.stdout()), "load");

        assertEquals(0, loaded.exitCode(), loaded.err());
        assertEquals("Loaded image ID: " + app.imageId() + "\n", loaded.out(), "saved by ID: no name, as docker");
    }

    @Test
    void saveRefusesATerminalAsDockerDoes() throws Exception {
        StowageProcess.Result run = stowage("store", StowageProcess.in(scratch).onTerminal(), "save", "demo/app:1");

        assertEquals(1, run.exitCode());
        assertEquals("stowage: cowardly refusing to save to a terminal. Use the -o flag or redirect\r\n".replace("\r", ""),
                run.out().replace("\r", ""));
    }

    @Test
    void loadRefusesATerminalAsDockerDoes() throws Exception {
        StowageProcess.Result run = stowage("store", StowageProcess.in(scratch).onTerminal(), "load");

        assertEquals(1, run.exitCode());
        assertEquals("stowage: requested load from stdin, but stdin is empty\n", run.out().replace("\r", ""));
    }

    @Test
    void hostileArchiveFailsWithOneLineNamingTheEntryAndLeavesTheStore() throws Exception {
        Path archive = scratch.resolve("app.tar");
        assertEquals(0, stowage("store", "save", "-o", archive.toString(), "demo/app:1").exitCode());
        byte[] bytes = Files.readAllBytes(archive);
        Path cut = Files.write(scratch.resolve("cut.tar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        StowageProcess.Result run = stowage("other", "load", "-i", cut.toString());

        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("stowage: " + cut + ": "), run.err());
        assertTrue(run.err().contains("truncated"), run.err());
        assertEquals(List.of(), stowage("other", "images", "-q").out().lines().toList());
    }

    @Test
    void copyReadsAndWritesArchivesAsSkopeo() throws Exception {
        Path archive = scratch.resolve("copy.tar");
        assertEquals(0, stowage("store", "copy", "store:demo/app:1", "docker-archive:" + archive + ":demo/app:1").exitCode());

        StowageProcess.Result run = stowage("other", "copy", "-q", "docker-archive:" + archive + ":demo/app:1", "store:copied:1");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(stowage("other", "images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out()
                .contains("copied:1 " + app.imageId().shortHex(12)));
    }
}
