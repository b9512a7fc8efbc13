package dev.stowage.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tar reading under every docker-archive and oci-archive ({@link ArchiveFile}: compression
 * detected, a compressed file decompressed to a spool, the headers indexed by {@link TarIndex}) on
 * any file: an index, or {@link InvalidArchiveException} naming the problem.
 */
class ArchiveIndexFuzzTest {
    private static final Path DIR = temporaryDirectory();
    private static final Path FILE = DIR.resolve("archive.tar");

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("archive-index-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void index(byte[] archive) throws IOException {
        Files.write(FILE, archive);
        try (ArchiveFile file = ArchiveFile.open(FILE, DIR.resolve("scratch"), ArchiveLimits.DEFAULT)) {
            file.index().entries();
        } catch (InvalidArchiveException e) {
            // declared: not a readable tar, an entry leaving the archive, a limit broken
        }
    }
}
