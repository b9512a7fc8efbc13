package dev.stowage.core;

import dev.stowage.store.FileImageStore;
import java.nio.file.Path;

/**
 * A pull in its own JVM, for the tests of pulls racing other processes on the same store:
 * {@code PullWorker STORE_DIR REFERENCE} prints {@code PULLED <digest> <blobs present>} and exits 0.
 */
public final class PullWorker {
    private PullWorker() {
    }

    public static void main(String[] args) {
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(Path.of(args[0])))
                .registry(RemoteFixtures.client()).parallelism(2).build()) {
            PullResult result = images.pull(args[1]).call();
            System.out.println("PULLED " + result.manifestDigest() + " " + result.blobsPresent());
        }
    }
}
