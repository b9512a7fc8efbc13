package dev.stowage.archive;

import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import dev.stowage.core.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * An archive open for reading: a tar file and the index of its entries ({@link TarIndex}), each
 * entry readable where it lies, by several readers at once. An uncompressed archive file is read
 * in place. One that is compressed, or read from a stream (standard input, a pipe), is first
 * copied, decompressed, to a temporary file in a scratch directory (the store's, so it is on the
 * store's file system; named as the store names its temporaries, so a crash's leftover is swept),
 * which closing deletes: a tar must be read in any order for the copier to move several blobs at
 * once, and a stream or a compressed file cannot be.
 */
final class ArchiveFile implements AutoCloseable {
    private static final int COPY_BUFFER = 256 * 1024;

    private final String name;
    private final FileChannel channel;
    private final Path spool;
    private final TarIndex index;

    private ArchiveFile(String name, FileChannel channel, Path spool, ArchiveLimits limits) {
        this.name = name;
        this.channel = channel;
        this.spool = spool;
        try {
            this.index = TarIndex.scan(channel, name, limits);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens an archive file: read in place when it is an uncompressed regular file, else spooled.
     *
     * @throws NotFoundException if there is no such file
     * @throws InvalidArchiveException if it is no readable tar or breaks a limit
     */
    static ArchiveFile open(Path file, Path scratch, ArchiveLimits limits) {
        String name = file.toString();
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                // a FIFO (a shell's <(…)) or a device can be read once only, from its start
                try (InputStream in = Files.newInputStream(file)) {
                    return spool(in, name, scratch, limits);
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                byte[] head = new byte[Compression.MAGIC_BYTES];
                int n = Math.max(0, channel.read(ByteBuffer.wrap(head), 0));
                Compression compression = Compression.detect(java.util.Arrays.copyOf(head, n));
                if (compression == Compression.NONE) {
                    return new ArchiveFile(name, channel, null, limits);
                }
                try (InputStream in = new ChannelSlice(channel, 0, channel.size())) {
                    return spool(in, name, scratch, limits);
                } finally {
                    channel.close();
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new NotFoundException("archive " + name + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies a stream's archive, decompressed, to a temporary file and opens that.
     *
     * @param name how messages name the archive
     */
    static ArchiveFile open(InputStream in, String name, Path scratch, ArchiveLimits limits) {
        try {
            return spool(in, name, scratch, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive " + name + ": " + e.getMessage(), e);
        }
    }

    private static ArchiveFile spool(InputStream raw, String name, Path scratch, ArchiveLimits limits) throws IOException {
        byte[] head = raw.readNBytes(Compression.MAGIC_BYTES);
        Compression compression = Compression.detect(head);
        ExpansionGuard.Counting counted = new ExpansionGuard.Counting(new SequenceInputStream(new ByteArrayInputStream(head), raw));
        InputStream content;
        try {
            content = compression == Compression.NONE ? counted
                    : new ExpansionGuard(compression.decompress(counted, name), counted, limits, name, compression.displayName());
        } catch (IOException e) {
            // the decompressor reads its header as it is made: a corrupt one is the archive's fault, as a corrupt body is
            throw corrupt(name, compression, e);
        }
        Files.createDirectories(scratch);
        Path spool = scratch.resolve("archive." + UUID.randomUUID() + ".tmp");
        FileChannel channel = FileChannel.open(spool, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
            int n;
            while ((n = content.read(buffer.array(), 0, buffer.capacity())) >= 0) {
                buffer.limit(n).position(0);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            close(channel, spool);
            if (compression != Compression.NONE) {
                throw corrupt(name, compression, e);
            }
            throw e;
        } catch (RuntimeException e) {
            close(channel, spool);
            throw e;
        }
        return new ArchiveFile(name, channel, spool, limits);
    }

    private static InvalidArchiveException corrupt(String name, Compression compression, IOException e) {
        return new InvalidArchiveException(name + ": the " + compression.displayName() + " stream is corrupt or truncated: "
                + e.getMessage(), e);
    }

    /** How messages name the archive. */
    String name() {
        return name;
    }

    TarIndex index() {
        return index;
    }

    /** The entry's data, streamed from where it lies. */
    InputStream open(TarIndex.Entry entry) {
        return new ChannelSlice(channel, entry.offset(), entry.offset() + entry.size());
    }

    /**
     * The entry's data in memory, for a small document.
     *
     * @throws InvalidArchiveException if it is larger than {@code max}
     */
    byte[] read(TarIndex.Entry entry, long max, String what) {
        if (entry.size() > max) {
            throw new InvalidArchiveException(name + ": " + what + " (" + entry.name() + ") is " + entry.size()
                    + " bytes, more than the limit of " + max);
        }
        try (InputStream in = open(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.name() + " from " + name + ": " + e.getMessage(), e);
        }
    }

    /** The first bytes of the entry (fewer if it is shorter). */
    byte[] head(TarIndex.Entry entry, int n) {
        try (InputStream in = open(entry)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.name() + " from " + name + ": " + e.getMessage(), e);
        }
    }

    /** Closes the file and deletes the spooled copy, if there is one. */
    @Override
    public void close() {
        close(channel, spool);
    }

    private static void close(FileChannel channel, Path spool) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it that matters
        }
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                // the store's next collection sweeps it: it is named as the store's temporaries are
            }
        }
    }
}
