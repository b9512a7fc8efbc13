package dev.stowage.archive;

import dev.stowage.core.ArchiveCompression;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.ImageDestination;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * One image written as an archive file ({@code docker-archive:FILE[:REF]} as a copy's
 * destination): the tar goes to a temporary file beside the target, which becomes the target
 * when the copy has committed the image and the destination is closed; a copy that fails leaves
 * no file. As skopeo, it refuses to write over an existing non-empty file: an archive cannot be
 * added to.
 */
final class FileArchiveDestination implements ImageDestination {
    private final Path target;
    private final Path partial;
    private final OutputStream out;
    private final ArchiveWriter writer;
    private final ImageDestination image;
    private boolean committed;

    private FileArchiveDestination(Path target, Path partial, OutputStream out, ArchiveWriter writer, ImageDestination image) {
        this.target = target;
        this.partial = partial;
        this.out = out;
        this.writer = writer;
        this.image = image;
    }

    /**
     * @param name the image's name in the archive ({@code latest} added when it has no tag), or
     *     null for none; for an OCI archive any {@code ref.name}
     */
    static FileArchiveDestination create(Path target, String name, String transport, ArchiveWriter.Kind kind) {
        Path absolute = target.toAbsolutePath();
        try {
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)
                    || Files.size(absolute) > 0)) {
                throw new StowageException(transport + ":" + target + " exists; an archive cannot be added to, remove it "
                        + "first");
            }
            List<ImageReference> names = name == null ? List.of() : List.of(ImageReference.parse(name).withDefaultTag());
            Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".stowage-" + System.nanoTime() + ".tmp");
            OutputStream out = Files.newOutputStream(partial);
            ArchiveWriter writer = new ArchiveWriter(kind, out, ArchiveCompression.NONE, transport + ":" + target);
            return new FileArchiveDestination(absolute, partial, out, writer, writer.add(names));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + transport + ":" + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return image.description();
    }

    @Override
    public boolean writesInOrder() {
        return true;
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return image.hasBlob(blob);
    }

    @Override
    public PutResult putBlob(Descriptor blob, BlobContent content, Optional<BlobLocation> mountFrom) {
        return image.putBlob(blob, content, mountFrom);
    }

    @Override
    public void putManifest(ManifestDocument manifest) {
        image.putManifest(manifest);
    }

    @Override
    public void commit(ManifestDocument top) {
        image.commit(top);
        writer.finish();
        committed = true;
    }

    /** Puts the finished archive in place, or deletes the partial one. */
    @Override
    public void close() {
        try {
            out.close();
            if (committed) {
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a partial archive nobody will read
            }
        }
    }
}
