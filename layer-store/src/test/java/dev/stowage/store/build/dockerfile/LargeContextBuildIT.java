package dev.stowage.store.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB file in the context is streamed: the build runs in a JVM with a 64 MiB heap. */
class LargeContextBuildIT {
    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aGibibyteFileIsCopiedWithA64MiBHeap() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY big.bin /data/\n");
        try (RandomAccessFile big = new RandomAccessFile(ctx.resolve("big.bin").toFile(), "rw")) {
            big.setLength(SIZE - 1); // sparse: no disk or time spent writing it
            big.seek(SIZE - 1);
            big.write(1);
        }
        Path store = dir.resolve("store");
        String printed = childBuild(ctx, store);
        assertEquals("1", printed.split(" ")[1]);
        try (FileImageStore s = FileImageStore.open(store)) {
            ImageManifest m = (ImageManifest) s.manifest(s.resolve(ImageReference.parse("localhost/large:1")).orElseThrow()
                    .digest());
            assertEquals(printed.split(" ")[0], m.digest().toString());
            try (InputStream in = new GZIPInputStream(s.openBlob(m.layers().get(0).digest()), 65536);
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                assertEquals("data/", tar.getNextEntry().getName());
                TarArchiveEntry file = tar.getNextEntry();
                assertEquals("data/big.bin", file.getName());
                assertEquals(SIZE, file.getSize());
            }
        }
    }

    private String childBuild(Path ctx, Path store) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), ChildBuild.class.getName(),
                ctx.toString(), store.toString()));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        assertEquals(true, done, "the build did not finish in 10 minutes");
        assertEquals(0, p.exitValue(), Files.readString(err));
        return Files.readString(out).strip();
    }
}
