package dev.stowage.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowage.core.ImageManager;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.PlatformNotFoundException;
import dev.stowage.store.FileImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code load} ({@code ImageManager.load}) of any file into a new store: docker archives of every
 * form and OCI archives, plain or compressed, read to the end (manifest.json or index.json, the
 * configs, each layer copied and verified). Only what {@code LoadRequest.call} declares may come
 * out: {@link InvalidArchiveException} naming the problem, or {@link PlatformNotFoundException}.
 */
class ArchiveLoadFuzzTest {
    private static final Path DIR = temporaryDirectory();
    private static final Path FILE = DIR.resolve("archive.tar");

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("archive-load-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void load(byte[] archive) throws IOException {
        Files.write(FILE, archive);
        Path store = DIR.resolve("store");
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(store)).build()) {
            images.load(FILE).call();
        } catch (InvalidArchiveException | PlatformNotFoundException e) {
            // declared: not an image archive, malformed, over a limit, or not matching its own digests
        } finally {
            delete(store);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
