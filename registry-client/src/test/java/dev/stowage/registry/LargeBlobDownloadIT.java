package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestingOutputStream;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.ProgressListener;
import dev.stowage.registry.tls.CertsDirectories;
import dev.stowage.testkit.RegistryExtension;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB blob pushed to the real registry and downloaded to a file by a child JVM limited to a
 * 64 MiB heap: the client streams, it never holds a blob in memory.
 */
class LargeBlobDownloadIT {
    private static final long SIZE = 1L << 30;

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    Path dir;

    @Test
    void oneGibibyteBlobDownloadsToAFileWithinA64MibHeap() throws Exception {
        Path source = dir.resolve("blob");
        Digest digest;
        try (DigestingOutputStream out = new DigestingOutputStream(
                new BufferedOutputStream(Files.newOutputStream(source), 1 << 20), Digest.SHA256)) {
            Random random = new Random(7);
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
            out.flush();
            digest = out.digest();
        }
        ImageReference repo = ImageReference.parse(registry.host() + "/large/blob");
        client().pushBlob(repo, Descriptor.of(MediaTypes.OCI_LAYER_TAR, digest, SIZE), offset -> {
            InputStream in = Files.newInputStream(source);
            in.skipNBytes(offset);
            return in;
        }, Optional.empty(), ProgressListener.NONE);
        Files.delete(source);

        Path target = dir.resolve("downloaded");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Download.class.getName(),
                repo.toString(), digest.toString(), Long.toString(SIZE), target.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("download did not finish within 10 minutes");
        }
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
        assertEquals(SIZE, Files.size(target));
    }

    private static RegistryClient client() {
        return RegistryClient.builder().credentials(CredentialProvider.anonymous())
                .certsDirectories(CertsDirectories.none()).build();
    }

    /** The child: fetches one blob into a file; the client verifies digest and size as bytes pass. */
    public static final class Download {
        public static void main(String[] args) throws Exception {
            try (OutputStream out = Files.newOutputStream(Path.of(args[3]))) {
                long n = client().fetchBlob(ImageReference.parse(args[0]), Digest.parse(args[1]),
                        Long.parseLong(args[2]), out, ProgressListener.NONE);
                System.out.println("fetched " + n + " bytes");
            }
        }
    }
}
