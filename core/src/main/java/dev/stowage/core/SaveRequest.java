package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import dev.stowage.core.spi.ImageArchiveWriter;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.ImageTransport;
import dev.stowage.core.transfer.CopiedImage;
import dev.stowage.core.transfer.ImageCopier;
import dev.stowage.core.transfer.StoreSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A save ({@code docker save}) being configured; {@link #call()} runs it: stored images into one
 * archive, by default the form Docker 25 writes ({@link ArchiveFormat#DOCKER_ARCHIVE}), which
 * {@code docker load} of any version, podman, skopeo and OCI tools read.
 *
 * <pre>{@code
 * images.save("app:1", "app:2").to(Path.of("app.tar")).call();
 * images.save("app:1").format(ArchiveFormat.OCI_ARCHIVE).compression(ArchiveCompression.GZIP).to(out).call();
 * }</pre>
 *
 * <p>Each image is named in the archive by the names it was asked for with: a tag
 * ({@code app:1}), or every tag of a repository given without one ({@code app}), as docker does; an
 * image asked for by ID or digest is saved without a name. Blobs stream from the store into the
 * tar one after another, each once however many images share it: nothing is held in memory and
 * no temporary copy of the archive is made. A file is written beside its target and renamed
 * onto it once complete, so a failed or killed save leaves the target as it was; the partial file
 * of a save that was killed is deleted by the next save to the same target.
 */
public final class SaveRequest {
    private final ImageStore store;
    private final Function<String, ImageTransport> transports;
    private final List<String> references;
    private ProgressListener progress;
    private ArchiveFormat format = ArchiveFormat.DOCKER_ARCHIVE;
    private ArchiveCompression compression = ArchiveCompression.NONE;
    private Platform platform;
    private Path file;
    private OutputStream stream;

    SaveRequest(ImageStore store, Function<String, ImageTransport> transports, ProgressListener progress,
            List<String> references) {
        this.store = store;
        this.transports = transports;
        this.progress = progress;
        this.references = List.copyOf(references);
        if (this.references.isEmpty()) {
            throw new IllegalArgumentException("save needs at least one image");
        }
    }

    /** Writes the archive to {@code file} (replaced once the archive is complete). */
    public SaveRequest to(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.stream = null;
        return this;
    }

    /** Writes the archive to {@code out}, which is flushed, not closed. */
    public SaveRequest to(OutputStream out) {
        this.stream = Objects.requireNonNull(out, "out");
        this.file = null;
        return this;
    }

    /** The archive's format (default {@link ArchiveFormat#DOCKER_ARCHIVE}). */
    public SaveRequest format(ArchiveFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /** Compresses the whole archive (default {@link ArchiveCompression#NONE}, as docker). */
    public SaveRequest compression(ArchiveCompression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /**
     * Of a multi-platform image, saves only this platform's manifest ({@code docker save
     * --platform}). Default: the whole index when every platform of it is stored, else this
     * machine's platform.
     *
     * @throws dev.stowage.core.model.InvalidPlatformException if the specifier is malformed
     */
    public SaveRequest platform(String specifier) {
        return platform(Platform.parse(specifier));
    }

    /** As {@link #platform(String)}. */
    public SaveRequest platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /** Where this save's progress goes, instead of the manager's listener. */
    public SaveRequest progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Runs the save.
     *
     * @throws IllegalStateException if no target was given ({@link #to(Path)} or {@link #to(OutputStream)})
     * @throws ImageNotFoundException if an image is not in the store
     * @throws PlatformNotFoundException if the platform asked for is not stored
     */
    public SaveResult call() {
        if (file == null && stream == null) {
            throw new IllegalStateException("save needs a target: to(Path) or to(OutputStream)");
        }
        List<Selected> selected = select();
        if (stream != null) {
            return write(selected, stream);
        }
        Path target = file.toAbsolutePath();
        String partialPrefix = "." + target.getFileName() + ".stowage-";
        sweepPartials(target, partialPrefix);
        Path partial = target.resolveSibling(partialPrefix + ProcessHandle.current().pid() + "-" + System.nanoTime()
                + ".tmp");
        try {
            SaveResult result;
            try (OutputStream out = Files.newOutputStream(partial)) {
                result = write(selected, out);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a partial archive nobody will read; the target was not touched
            }
        }
    }

    /**
     * Deletes the partial archives beside {@code target} of saves to it that were killed (their
     * process is gone), which nothing else would ever remove; a running save's is left alone.
     */
    private static void sweepPartials(Path target, String prefix) {
        Path dir = target.getParent();
        try (var partials = Files.newDirectoryStream(dir, entry -> {
            String name = entry.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (Path partial : partials) {
                String rest = partial.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? "" : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue; // not one of ours after all
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            // a leftover stays; the save itself does not depend on it
        }
    }

    /** One image to save and the names it goes by in the archive. */
    private record Selected(ImageRecord image, List<ImageReference> names, String asked) {
    }

    /** Every image asked for, each once, with all the names it was asked for by, in the order asked. */
    private List<Selected> select() {
        Map<Digest, List<ImageReference>> names = new LinkedHashMap<>();
        Map<Digest, ImageRecord> images = new LinkedHashMap<>();
        Map<Digest, String> asked = new LinkedHashMap<>();
        for (String reference : references) {
            for (Map.Entry<ImageRecord, List<ImageReference>> found : resolve(reference).entrySet()) {
                Digest digest = found.getKey().digest();
                images.putIfAbsent(digest, found.getKey());
                asked.putIfAbsent(digest, reference);
                List<ImageReference> list = names.computeIfAbsent(digest, d -> new ArrayList<>());
                found.getValue().stream().filter(n -> !list.contains(n)).forEach(list::add);
            }
        }
        return images.keySet().stream().map(d -> new Selected(images.get(d), names.get(d), asked.get(d))).toList();
    }

    /**
     * docker's reading of a save argument: {@code name:tag} is that tag; a repository without a
     * tag is every tag of it in the store; a digest reference, an ID or an ID prefix is the image
     * without a name.
     */
    private Map<ImageRecord, List<ImageReference>> resolve(String reference) {
        Map<ImageRecord, List<ImageReference>> found = new LinkedHashMap<>();
        ImageReference parsed = parseOrNull(reference);
        if (parsed != null && parsed.tag().isEmpty() && parsed.digest().isEmpty()) {
            for (ImageRecord image : store.images()) {
                List<ImageReference> tags = image.tags().stream().filter(t -> t.name().equals(parsed.name())).toList();
                if (!tags.isEmpty()) {
                    found.put(image, tags);
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        ImageRecord image = InspectRequest.find(store, reference);
        // A tag the image has names it; an ID ("sha256:…" parses as a name and tag too) or a digest does not.
        found.put(image, parsed != null && image.tags().contains(parsed.withDefaultTag())
                ? List.of(parsed.withDefaultTag()) : List.of());
        return found;
    }

    private static ImageReference parseOrNull(String reference) {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidReferenceException e) {
            return null; // an ID or ID prefix, found by the store
        }
    }

    private SaveResult write(List<Selected> selected, OutputStream out) {
        List<SavedImage> saved = new ArrayList<>();
        ImageTransport transport = transports.apply(format.transport());
        try (ImageArchiveWriter archive = transport.openArchiveWriter(out, compression);
             ImageCopier copier = new ImageCopier("save", 1, store.blobLocations(), progress)) {
            for (Selected s : selected) {
                String name = s.names().isEmpty() ? s.asked() : s.names().get(0).familiar();
                try (StoreSource source = new StoreSource(store, s.image(), name)) {
                    CopiedImage copied = copier.copy(name, source, archive.add(s.names()),
                            ArchivePlatforms.choose(source, platform));
                    saved.add(new SavedImage(s.names(), copied.digest(), s.image().id()));
                }
            }
            copier.totals();
            archive.finish();
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the archive: " + e.getMessage(), e);
        }
        return new SaveResult(saved, format);
    }
}
