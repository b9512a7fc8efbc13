package dev.stowage.core;

import dev.stowage.core.model.Digest;
import dev.stowage.core.model.DigestMismatchException;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ArchivedImage;
import dev.stowage.core.spi.ImageArchiveReader;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.ImageTransport;
import dev.stowage.core.transfer.CopiedImage;
import dev.stowage.core.transfer.CopyTotals;
import dev.stowage.core.transfer.ImageCopier;
import dev.stowage.core.transfer.StoreDestination;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A load ({@code docker load}) being configured; {@link #call()} runs it: every image of a
 * {@code docker save} archive (any Docker version, podman's, skopeo's) or of an OCI archive, into
 * the store, with its names. The archive may be compressed (gzip, zstd, bzip2), detected by its
 * first bytes.
 *
 * <pre>{@code
 * LoadResult r = images.load(Path.of("app.tar")).call();
 * r.images().forEach(i -> System.out.println(i.names() + " " + i.imageId()));
 * }</pre>
 *
 * <p>Blobs go through the store's verified ingest, several at once, read straight from an
 * uncompressed archive file; an archive read from a stream, or a compressed one, is first
 * spooled (decompressed) to a temporary file in the store's directory, deleted afterwards.
 * Names are written once every image of the archive is in. A load that fails, for an archive
 * that is malformed, breaks a limit ({@link ArchiveLimits}) or lies about its content, leaves
 * the store as it was: no image, no name, and none of the blobs it added.
 */
public final class LoadRequest {
    private final ImageStore store;
    private final Function<String, ImageTransport> transports;
    private final int parallelism;
    private final Path file;
    private final InputStream stream;
    private ProgressListener progress;
    private ArchiveLimits limits = ArchiveLimits.DEFAULT;
    private Platform platform;

    LoadRequest(ImageStore store, Function<String, ImageTransport> transports, int parallelism,
            ProgressListener progress, Path file, InputStream stream) {
        this.store = store;
        this.transports = transports;
        this.parallelism = parallelism;
        this.progress = progress;
        this.file = file;
        this.stream = stream;
    }

    /** The bounds a hostile archive is held to (default {@link ArchiveLimits#DEFAULT}). */
    public LoadRequest limits(ArchiveLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Of a multi-platform image, loads only this platform ({@code docker load --platform}).
     * Default: every platform the archive holds, or this machine's when it holds only some.
     *
     * @throws dev.stowage.core.model.InvalidPlatformException if the specifier is malformed
     */
    public LoadRequest platform(String specifier) {
        return platform(Platform.parse(specifier));
    }

    /** As {@link #platform(String)}. */
    public LoadRequest platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /** Where this load's progress goes, instead of the manager's listener. */
    public LoadRequest progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Runs the load.
     *
     * @throws InvalidArchiveException if the archive is not an image archive, is malformed,
     *     breaks a limit or does not match its own digests; nothing was loaded
     * @throws PlatformNotFoundException if the platform asked for is not in the archive
     */
    public LoadResult call() {
        ImageTransport transport = transports.apply(ArchiveFormat.DOCKER_ARCHIVE.transport());
        Path scratch = store.temporaryDirectory().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
        List<StoreDestination> destinations = new ArrayList<>();
        boolean loaded = false;
        try (ImageArchiveReader archive = file != null ? transport.openArchive(file, scratch, limits)
                : transport.openArchive(stream, scratch, limits)) {
            try {
                LoadResult result = load(archive, destinations);
                loaded = true;
                return result;
            } catch (DigestMismatchException e) {
                throw new InvalidArchiveException(archive.description() + ": " + archive.entryOf(e.expected())
                        .map(entry -> "entry " + entry + ": ").orElse("") + e.getMessage(), e);
            }
        } finally {
            Set<Digest> written = new HashSet<>();
            for (StoreDestination destination : destinations) {
                written.addAll(destination.written());
                destination.close();
            }
            if (!loaded) {
                store.removeUnreferenced(written); // after the leases end, which protect them
            }
        }
    }

    private LoadResult load(ImageArchiveReader archive, List<StoreDestination> destinations) {
        List<Digest> digests = new ArrayList<>();
        CopyTotals totals;
        try (ImageCopier copier = new ImageCopier("load", parallelism, store.blobLocations(), progress)) {
            for (ArchivedImage image : archive.images()) {
                StoreDestination destination = StoreDestination.staged(store, image.names());
                destinations.add(destination);
                String name = image.names().isEmpty() ? archive.description() : image.names().get(0).familiar();
                CopiedImage copied = copier.copy(name, image.source(), destination,
                        ArchivePlatforms.choose(image.source(), platform));
                digests.add(copied.digest());
            }
            totals = copier.totals();
        }
        List<ArchivedImage> archived = archive.images();
        List<Map<ImageReference, Digest>> replaced = new ArrayList<>();
        for (int i = 0; i < archived.size(); i++) {
            Map<ImageReference, Digest> before = new LinkedHashMap<>();
            for (ImageReference name : archived.get(i).names()) {
                Digest digest = digests.get(i);
                store.resolve(name).filter(r -> !r.digest().equals(digest)).ifPresent(r -> before.put(name, r.id()));
            }
            replaced.add(before);
            destinations.get(i).publish();
        }
        List<LoadedImage> images = new ArrayList<>();
        for (int i = 0; i < archived.size(); i++) {
            Digest digest = digests.get(i);
            ImageRecord record = store.resolve(digest.toString()).orElseThrow(() -> new IllegalStateException(
                    "image " + digest + " vanished from the store as it was loaded"));
            images.add(new LoadedImage(archived.get(i).names(), digest, record.id(), replaced.get(i)));
        }
        return new LoadResult(images, totals.blobsCopied(), totals.blobsExisting(), totals.bytesCopied());
    }
}
