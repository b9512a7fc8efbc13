package dev.stowage.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as files under a directory ({@code blobs/<algorithm>/<hex>}, uploads in {@code uploads/}),
 * streamed in and out so that a blob of any size passes in bounded memory. A verified upload is
 * renamed into place atomically, so a reader never sees a partial blob.
 */
final class DirectoryBlobStore implements BlobStore {
    private final Path root;
    private final Path uploads;

    DirectoryBlobStore(Path root) throws IOException {
        this.root = root;
        this.uploads = Files.createDirectories(root.resolve("uploads"));
        Files.createDirectories(root.resolve("blobs"));
    }

    private Path file(BlobDigest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public OptionalLong size(BlobDigest digest) {
        try {
            return OptionalLong.of(Files.size(file(digest)));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public InputStream open(BlobDigest digest, long offset) throws IOException {
        FileChannel channel = FileChannel.open(file(digest), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public Buffer newBuffer() throws IOException {
        return new FileBuffer(Files.createFile(uploads.resolve(UUID.randomUUID().toString())));
    }

    @Override
    public void commit(Buffer buffer, BlobDigest digest) throws IOException {
        Path target = file(digest);
        Files.createDirectories(target.getParent());
        Files.move(((FileBuffer) buffer).file, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(BlobDigest digest) throws IOException {
        Files.deleteIfExists(file(digest));
    }

    /** Deletes what this store created under its root, not the root. */
    @Override
    public void close() {
        for (Path created : new Path[] {root.resolve("blobs"), uploads}) {
            try (Stream<Path> paths = Files.walk(created)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (NoSuchFileException gone) {
                // already deleted
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the registry's storage in " + root, e);
            }
        }
    }

    private static final class FileBuffer implements Buffer {
        private final Path file;

        FileBuffer(Path file) {
            this.file = file;
        }

        @Override
        public OutputStream appender() throws IOException {
            return Files.newOutputStream(file, StandardOpenOption.APPEND);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public void discard() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover upload file goes with the directory when the registry closes
            }
        }
    }
}
