package dev.stowage.core.build;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image builder's tar layer reader ({@link LayerTar#copy}, behind {@code ImageBuilder}'s layer
 * from a tar and the Dockerfile front end) on any file, plain, gzip or zstd: a rewritten layer, or
 * {@link LayerSourceException} / {@link InvalidLayerPathException} naming the problem.
 */
class LayerTarFuzzTest {
    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("layer-tar-fuzz", ".tar");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void copy(byte[] tar) throws IOException {
        Files.write(FILE, tar);
        try {
            LayerTar.copy(FILE, OutputStream.nullOutputStream());
        } catch (LayerSourceException | InvalidLayerPathException e) {
            // declared: not a readable tar, or an entry escaping the root
        }
    }
}
