package dev.stowage.archive;

import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.spi.ArchivedImage;
import dev.stowage.core.spi.ImageArchiveReader;
import dev.stowage.core.spi.ImageArchiveWriter;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.ImageTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the two archive transports share: reading through {@link ArchiveReader}, writing through
 * {@link ArchiveWriter}; they differ in the layouts they accept and write.
 */
abstract class ArchiveTransport implements ImageTransport {
    /** A copy's source reads a compressed archive file through a temporary file in the system's temporary directory, as skopeo does. */
    private static final Path COPY_SCRATCH = Path.of(System.getProperty("java.io.tmpdir"));

    abstract ArchiveReader.Accepts accepts();

    abstract ArchiveWriter.Kind kind();

    @Override
    public ImageSource openSource(String path, String name, ProgressListener progress) {
        ArchiveReader reader = ArchiveReader.of(ArchiveFile.open(Path.of(path), COPY_SCRATCH, ArchiveLimits.DEFAULT),
                name(), accepts(), ArchiveLimits.DEFAULT);
        try {
            ArchivedImage image = reader.choose(name, name());
            return new OwningSource(image.source(), reader);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public ImageDestination openDestination(String path, String name, ProgressListener progress) {
        return FileArchiveDestination.create(Path.of(path), name, name(), kind());
    }

    @Override
    public ImageArchiveReader openArchive(Path file, Path scratch, ArchiveLimits limits) {
        return ArchiveReader.of(ArchiveFile.open(Objects.requireNonNull(file, "file"), scratch, limits), name(),
                accepts(), limits);
    }

    @Override
    public ImageArchiveReader openArchive(InputStream in, Path scratch, ArchiveLimits limits) {
        return ArchiveReader.of(ArchiveFile.open(Objects.requireNonNull(in, "in"), "the archive stream", scratch, limits),
                name(), accepts(), limits);
    }

    @Override
    public ImageArchiveWriter openArchiveWriter(OutputStream out, ArchiveCompression compression) {
        return new ArchiveWriter(kind(), Objects.requireNonNull(out, "out"), compression, name() + " stream");
    }
}
