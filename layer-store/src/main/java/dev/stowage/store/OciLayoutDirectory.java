package dev.stowage.store;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.InvalidStoreException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.DigestingOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * An OCI image layout directory that any tool may have written ({@code skopeo copy … oci:DIR:NAME},
 * umoci, crane): {@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}. It reads only
 * regular files and never follows a symbolic link, so a layout cannot make Stowage read or write
 * outside it; a blob appears under its name only once its digest and size are verified.
 */
final class OciLayoutDirectory {
    private static final String LAYOUT_FILE = "oci-layout";
    private static final byte[] LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_INDEX_BYTES = 64 * 1024 * 1024;

    private final Path root;

    private OciLayoutDirectory(Path root) {
        this.root = root;
    }

    /**
     * An existing layout, for reading.
     *
     * @throws InvalidStoreException if {@code path} is not an OCI image layout
     */
    static OciLayoutDirectory existing(Path path) {
        Path root = path.toAbsolutePath().normalize();
        if (!regularFile(root.resolve(LAYOUT_FILE)) || !regularFile(root.resolve("index.json"))) {
            throw new InvalidStoreException(path + " is not an OCI image layout (it needs the files oci-layout and "
                    + "index.json)");
        }
        return new OciLayoutDirectory(root);
    }

    /** A layout to write to, created (with its {@code oci-layout} and an empty index) when missing. */
    static OciLayoutDirectory create(Path path) {
        Path root = path.toAbsolutePath().normalize();
        try {
            if (Files.isSymbolicLink(root)) {
                throw new InvalidStoreException(path + " is a symbolic link; give the layout directory itself");
            }
            Files.createDirectories(root);
            if (!Files.exists(root.resolve(LAYOUT_FILE), LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.replace(root.resolve(LAYOUT_FILE), LAYOUT_CONTENT, root);
            }
            if (!Files.exists(root.resolve("index.json"), LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.replace(root.resolve("index.json"), LayoutIndex.empty().toJson(), root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OCI layout " + path + ": " + e.getMessage(), e);
        }
        return existing(root);
    }

    Path root() {
        return root;
    }

    LayoutIndex index() {
        Path file = root.resolve("index.json");
        try (InputStream in = open(file)) {
            byte[] raw = in.readNBytes(MAX_INDEX_BYTES + 1);
            if (raw.length > MAX_INDEX_BYTES) {
                throw new InvalidStoreException(file + " is larger than " + MAX_INDEX_BYTES + " bytes");
            }
            return LayoutIndex.parse(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void writeIndex(LayoutIndex index) {
        try {
            AtomicFiles.replace(root.resolve("index.json"), index.toJson(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve("index.json") + ": " + e.getMessage(), e);
        }
    }

    boolean hasBlob(Digest digest, long size) {
        try {
            BasicFileAttributes a = Files.readAttributes(blob(digest), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && (size < 0 || a.size() == size);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens a blob.
     *
     * @throws BlobNotFoundException if the layout has no regular file for it
     */
    InputStream openBlob(Digest digest) {
        Path file = blob(digest);
        if (!regularFile(file)) {
            throw new BlobNotFoundException(digest);
        }
        try {
            return open(file);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a blob from {@code content}: staged beside the layout's files, verified against
     * {@code digest} and {@code size} (-1 when unknown), then renamed into place.
     *
     * @throws DigestMismatchException if the content does not match; nothing is kept
     */
    void writeBlob(Digest digest, long size, InputStream content) {
        Path target = blob(digest);
        Path staged = root.resolve(".stowage-" + UUID.randomUUID() + ".tmp");
        try {
            AtomicFiles.createDirectory(root.resolve("blobs"));
            AtomicFiles.createDirectory(target.getParent());
            try (OutputStream file = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 DigestingOutputStream out = new DigestingOutputStream(file, digest.algorithm())) {
                content.transferTo(out);
                out.flush();
                out.verify(digest, size);
            }
            AtomicFiles.move(staged, target);
        } catch (IOException e) {
            throw new StowageException("cannot write blob " + digest + " into " + root + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                // a staged file nobody will use; the layout stays valid without it
            }
        }
    }

    private Path blob(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    private static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** A regular file, not a link to one: only such files are read (a FIFO would block, a link could leave the layout). */
    private static boolean regularFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }
}
