package dev.stowage.archive;

import dev.stowage.core.model.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a store holds on disk, to show that a refused load changed nothing. */
final class StoreFiles {
    private StoreFiles() {
    }

    /** Every regular file of the store and its digest (the lock file aside: locking is not a change). */
    static Map<String, Digest> snapshot(Path store) {
        Map<String, Digest> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(store)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = store.relativize(p).toString();
                if (!name.equals("stowage/lock")) {
                    files.put(name, Digest.sha256(Files.readAllBytes(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
