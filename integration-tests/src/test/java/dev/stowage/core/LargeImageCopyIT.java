package dev.stowage.core;

import static dev.stowage.core.RemoteFixtures.remoteDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.registry.RegistryClient;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB layer copied between two real registries by a child JVM limited to a 64 MiB heap: the
 * blob streams from one registry's response into the other's upload, with nothing written to a
 * temporary file or the store on the way.
 */
class LargeImageCopyIT {
    private static final long SIZE = 1L << 30;

    @RegisterExtension
    static RegistryExtension first = RegistryExtension.plain();

    @RegisterExtension
    static RegistryExtension second = RegistryExtension.plain();

    @TempDir
    Path dir;

    @Test
    void oneGibibyteLayerCopiesBetweenRegistriesWithinA64MibHeapAndNoFile() throws Exception {
        String source = first.host() + "/large/app:1";
        Digest manifest = publish(ImageReference.parse(source));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path store = dir.resolve("store");

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Copy.class.getName(),
                store.toString(), source, second.host() + "/large/app:1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the copy did not finish within 10 minutes");
        }

        assertEquals(0, child.exitValue(), Files.readString(log));
        assertEquals(manifest, remoteDigest(Skopeo.locate(), second.host() + "/large/app:1"));
        assertEquals(List.of(), files(tmp), "files under the child's temporary directory");
        assertEquals(List.of(), files(store.resolve("blobs")), "blobs in the store");
    }

    /** Copies SOURCE to DESTINATION with a file store in STORE: {@code Copy STORE SOURCE DESTINATION}. */
    public static final class Copy {
        private Copy() {
        }

        public static void main(String[] args) {
            try (ImageManager images = ImageManager.builder().store(FileImageStore.open(Path.of(args[0])))
                    .registry(RemoteFixtures.client()).build()) {
                CopyResult result = images.copy(args[1], args[2]).call();
                System.out.println("COPIED " + result.manifestDigest() + " " + result.bytesMoved());
            }
        }
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    /** Pushes an image with one 1 GiB layer of seeded random bytes, generated as it is sent. */
    private static Digest publish(ImageReference target) {
        try (RegistryClient client = RemoteFixtures.client()) {
            return new GeneratedLayer(SIZE, 0).publish(client, target);
        }
    }
}
