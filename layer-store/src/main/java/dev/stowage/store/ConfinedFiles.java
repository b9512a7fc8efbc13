package dev.stowage.store;

import dev.stowage.core.InvalidStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;

/**
 * The store's one way to the files below its root: every call looks at the entry itself, never at
 * what a symbolic link names ({@code NOFOLLOW_LINKS} on every stat and open, listings only of real
 * directories), and reads and writes only regular files. Anyone who could write to a store's
 * directory (a shared or copied layout) could have planted a link there; it must not make the
 * store read, write or delete outside its root. A FIFO must not hang it: opening one for reading
 * blocks, so the type is checked before the open. Deleting is {@code unlink}, which removes a link
 * itself, never its target.
 *
 * <p>What this leaves open: an entry swapped between the check and the open by someone writing to
 * the store while Stowage runs. The open itself still refuses a link ({@code O_NOFOLLOW}), a
 * directory's listing included (opened from its parent where the platform allows it).
 */
final class ConfinedFiles {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private ConfinedFiles() {
    }

    /** An entry of another kind than the store expects there (a link, a FIFO …); it was not opened. */
    static final class RefusedEntryException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        RefusedEntryException(Path entry, String kind, String expected) {
            super(entry.toString(), null, "is " + kind + ", not " + expected
                    + "; the store never follows a link nor reads anything but its own regular files");
        }
    }

    /**
     * The unchecked form of a failed file operation: an entry the store refuses means the store's
     * directory was tampered with ({@link InvalidStoreException}); anything else is an I/O failure.
     */
    static RuntimeException failure(String what, IOException e) {
        String message = what + ": " + e.getMessage();
        return e instanceof RefusedEntryException ? new InvalidStoreException(message, e)
                : new UncheckedIOException(message, e);
    }

    /** The entry's own attributes (a link's, not its target's); empty if there is no entry. */
    static Optional<BasicFileAttributes> attributes(Path p) throws IOException {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, NO_FOLLOW));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code p} is a regular file itself (not a link to one). */
    static boolean isRegularFile(Path p) {
        return Files.isRegularFile(p, NO_FOLLOW);
    }

    /** Whether {@code p} is a directory itself (not a link to one). */
    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, NO_FOLLOW);
    }

    /** Whether there is an entry at {@code p}, of whatever kind (a dangling link counts). */
    static boolean exists(Path p) {
        return Files.exists(p, NO_FOLLOW);
    }

    /** What an entry is, for messages: "a symbolic link", "a directory", "a FIFO, socket or device", "a regular file". */
    static String kind(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        return a.isRegularFile() ? "a regular file" : "a FIFO, socket or device";
    }

    /** The size of the regular file at {@code p}; empty if there is none (absent, or an entry of another kind). */
    static Optional<Long> size(Path p) throws IOException {
        return attributes(p).filter(BasicFileAttributes::isRegularFile).map(BasicFileAttributes::size);
    }

    /**
     * Opens the regular file at {@code p} for reading.
     *
     * @throws NoSuchFileException if there is no entry
     * @throws RefusedEntryException if the entry is a link, FIFO, directory or device
     */
    static InputStream newInputStream(Path p) throws IOException {
        Optional<BasicFileAttributes> a = attributes(p);
        if (a.isEmpty()) {
            throw new NoSuchFileException(p.toString());
        }
        requireRegular(p, a.get());
        return Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** The whole content of the regular file at {@code p}: one of the store's small files (index, metadata, lease). */
    static byte[] readAllBytes(Path p) throws IOException {
        try (InputStream in = newInputStream(p)) {
            return in.readAllBytes();
        }
    }

    /**
     * Opens the regular file at {@code p}; {@link StandardOpenOption#CREATE_NEW} makes a new one
     * ({@code O_EXCL}, which never follows a link).
     *
     * @throws RefusedEntryException if the entry exists and is not a regular file
     */
    static FileChannel open(Path p, OpenOption... options) throws IOException {
        if (!Arrays.asList(options).contains(StandardOpenOption.CREATE_NEW)) {
            Optional<BasicFileAttributes> a = attributes(p);
            if (a.isPresent()) {
                requireRegular(p, a.get());
            }
        }
        OpenOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = LinkOption.NOFOLLOW_LINKS;
        return FileChannel.open(p, all);
    }

    private static void requireRegular(Path p, BasicFileAttributes a) throws RefusedEntryException {
        if (!a.isRegularFile()) {
            throw new RefusedEntryException(p, kind(a), "a regular file");
        }
    }

    /**
     * Lists one of the store's directories, which must be a directory itself: a link to one is
     * refused, so that a sweep never runs over another directory's files. The type is checked
     * first (a FIFO would block the open); the directory is then opened from its parent without
     * following a link ({@link #openListing}), so that a link swapped in after the check is refused
     * too.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws RefusedEntryException if {@code dir} is a link or no directory
     */
    static DirectoryStream<Path> list(Path dir) throws IOException {
        Optional<BasicFileAttributes> a = attributes(dir);
        if (a.isEmpty()) {
            throw new NoSuchFileException(dir.toString());
        }
        requireDirectory(dir, a.get());
        return openListing(dir);
    }

    /**
     * Opens {@code dir} for listing as the directory entry itself: through a
     * {@link SecureDirectoryStream} of its parent with {@code NOFOLLOW_LINKS} ({@code openat} with
     * {@code O_NOFOLLOW}), where the platform provides one (Linux does); elsewhere as a plain
     * listing, which only {@link #list}'s check before it guards. The entries are named as a plain
     * listing names them ({@code dir.resolve(name)}). As with every operation here, only the last
     * component is opened without following a link: the parent is one of the store's own
     * directories (or the root's parent), refused as a link when the store was opened.
     *
     * @throws RefusedEntryException if {@code dir} is a link or no directory
     */
    static DirectoryStream<Path> openListing(Path dir) throws IOException {
        Path parent = dir.getParent();
        Path name = dir.getFileName();
        if (parent != null && name != null) {
            try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent)) {
                if (siblings instanceof SecureDirectoryStream<Path> secure) {
                    try {
                        return secure.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException e) {
                        throw e;
                    } catch (IOException e) {
                        // ELOOP (a link) or ENOTDIR: say what the entry is, as the check would have
                        Optional<BasicFileAttributes> now = attributes(dir);
                        if (now.isPresent() && !now.get().isDirectory()) {
                            throw new RefusedEntryException(dir, kind(now.get()), "a directory");
                        }
                        throw e;
                    }
                }
            }
        }
        return Files.newDirectoryStream(dir);
    }

    private static void requireDirectory(Path dir, BasicFileAttributes a) throws RefusedEntryException {
        if (!a.isDirectory()) {
            throw new RefusedEntryException(dir, kind(a), "a directory");
        }
    }

    /**
     * Creates the directory {@code dir} if it is missing (its parent must be one of the store's
     * directories); returns whether it did.
     *
     * @throws RefusedEntryException if an entry of another kind (above all a link) is there
     */
    static boolean createDirectory(Path dir) throws IOException {
        Optional<BasicFileAttributes> a = attributes(dir);
        if (a.isPresent()) {
            requireDirectory(dir, a.get());
            return false;
        }
        try {
            Files.createDirectory(dir); // mkdir fails on any existing entry, a link included
            return true;
        } catch (FileAlreadyExistsException raced) {
            Optional<BasicFileAttributes> now = attributes(dir);
            if (now.isPresent()) {
                requireDirectory(dir, now.get());
            }
            return false;
        }
    }

    /** Opens one of the store's directories (to {@code fsync} its entries); a link in its place is refused. */
    static FileChannel openDirectory(Path dir) throws IOException {
        Optional<BasicFileAttributes> a = attributes(dir);
        if (a.isEmpty()) {
            throw new NoSuchFileException(dir.toString());
        }
        requireDirectory(dir, a.get());
        return FileChannel.open(dir, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes the entry itself ({@code unlink}: a link goes, its target stays); false if there was none. */
    static boolean delete(Path p) throws IOException {
        return Files.deleteIfExists(p);
    }
}
