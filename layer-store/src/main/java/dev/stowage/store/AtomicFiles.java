package dev.stowage.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Durable, all-or-nothing file replacement: content goes to a temporary file which is
 * {@code fsync}ed, renamed over the target in one step, and the directory {@code fsync}ed so the
 * rename survives a power cut. A reader sees the old file or the new one, never a mix.
 */
final class AtomicFiles {
    private static final Pattern TEMPORARY = Pattern.compile(
            "[^/]+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code content}, staging in {@code tmpDir} (same file system). */
    static void replace(Path target, byte[] content, Path tmpDir) throws IOException {
        ConfinedFiles.createDirectory(tmpDir);
        Path tmp = tmpDir.resolve(temporaryName(target));
        try {
            try (FileChannel ch = ConfinedFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            ConfinedFiles.delete(tmp);
        }
    }

    /** A temporary file's name: the target's, a random UUID, {@code .tmp}; what {@link #isTemporaryName} recognises. */
    private static String temporaryName(Path target) {
        return target.getFileName() + "." + UUID.randomUUID() + ".tmp";
    }

    /** Whether {@code name} is one {@link #replace} gives its temporary files: sweeps remove only those. */
    static boolean isTemporaryName(String name) {
        return TEMPORARY.matcher(name).matches();
    }

    /** Renames {@code source} to {@code target} atomically, replacing it, and makes the rename durable. */
    static void move(Path source, Path target) throws IOException {
        rename(source, target);
        syncDirectory(target.getParent());
    }

    /**
     * Renames {@code source} to {@code target} atomically, replacing it; durable only once the
     * caller {@linkplain #syncDirectory syncs} the target's directory. For a caller that holds a
     * lock while it renames and syncs after letting it go, so that parallel syncs overlap.
     */
    static void rename(Path source, Path target) throws IOException {
        try {
            // rename(2) acts on the names themselves: a link at the target is replaced, never followed.
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent()
                    + " cannot rename atomically; a store needs a local POSIX file system", e);
        }
    }

    /**
     * Creates {@code dir} (whose parent exists) if it is missing, and makes its entry in the
     * parent durable, as the renames into it will be. A link in its place is refused.
     */
    static void createDirectory(Path dir) throws IOException {
        if (ConfinedFiles.createDirectory(dir)) {
            syncDirectory(dir.getParent());
        }
    }

    /** Flushes a directory's entries (creations, renames, deletions) to disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = ConfinedFiles.openDirectory(dir)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename itself is still atomic there.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
