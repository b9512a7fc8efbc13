package dev.stowage.core;

import dev.stowage.core.build.BaseImage;
import dev.stowage.core.build.dockerfile.DockerfileBuild;
import dev.stowage.core.build.dockerfile.DockerfileBuildResult;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.ImageStoreProvider;
import dev.stowage.core.spi.ImageTransport;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.spi.RegistryProvider;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.core.transfer.ImageCopier;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Manages images the way the docker image commands do, without a daemon: pull, push, tag, list,
 * inspect, history, remove, prune, disk usage, save and load over a local {@link ImageStore} and a
 * {@link Registry}. Each operation with options is a small request ending in {@code call()}
 * that returns a result record.
 *
 * <pre>{@code
 * try (ImageManager images = ImageManager.openDefault()) {
 *     PullResult pulled = images.pull("nginx:1.25").platform("linux/arm64").call();
 *     images.tag("nginx:1.21", "registry.example.com/team/nginx:v1");
 *     List<ImageSummary> mine = images.list().dangling(false).reference("registry.example.com/team/*").call();
 *     PruneReport p = images.prune().all().until(Duration.ofDays(30)).call();   // p.reclaimedBytes()
 * }
 * }</pre>
 *
 * <p>Every method naming an image takes its name as text ({@code "nginx:1.25"}) or as an
 * {@link ImageReference} alike. Images are built into a manager with
 * {@code ImageBuilder.from(images, "base:1")…build("app:1")}.
 *
 * <p>An {@code ImageManager} is safe to use from several threads, and several processes may
 * share one store. Closing it closes its store, and the registry client it opened itself (one
 * given to the builder belongs to the caller, who may share it between managers); every
 * operation after {@link #close()} throws {@link IllegalStateException}.
 */
public final class ImageManager implements AutoCloseable {
    /** The store as given, handed out by {@link #store()} and closed by {@link #close()}. */
    private final ImageStore ownStore;
    /** The store as requests use it: refused once the manager is closed. */
    private final ImageStore store;
    private final int parallelism;
    private final Supplier<Registry> ownRegistry;
    /** The registry as requests use it: refused once the manager is closed. */
    private final Supplier<Registry> registry;
    private final ProgressListener progress;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImageManager(ImageStore store, int parallelism, Supplier<Registry> registry, ProgressListener progress) {
        this.ownStore = store;
        this.store = new ManagedStore(store, this::ensureOpen);
        this.parallelism = parallelism;
        this.ownRegistry = registry;
        this.registry = () -> {
            ensureOpen();
            return registry.get();
        };
        this.progress = progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the default store, {@link #defaultStoreDirectory()}, creating it if needed.
     *
     * @throws StowageException if no store implementation is on the class path
     * @throws dev.stowage.core.InvalidStoreException if the directory cannot be used as a store
     */
    public static ImageManager openDefault() {
        return builder().build();
    }

    /**
     * Where {@link #openDefault()} keeps images: {@code $STOWAGE_HOME} if set, else the
     * platform's user data directory: {@code $XDG_DATA_HOME/stowage} or
     * {@code ~/.local/share/stowage} on Linux, {@code ~/Library/Application Support/stowage} on
     * macOS, {@code %LOCALAPPDATA%\stowage} on Windows.
     */
    public static Path defaultStoreDirectory() {
        return StoreLocation.defaultDirectory();
    }

    /**
     * The store this manager works on (for example to build images into with {@code ImageBuilder}).
     *
     * @throws IllegalStateException if the manager is closed
     */
    public ImageStore store() {
        ensureOpen();
        return ownStore;
    }

    /**
     * The registry client this manager's pulls, pushes and copies go through: the one given to
     * the builder, else the default client, opened now if no operation needed it yet.
     *
     * @throws IllegalStateException if the manager is closed
     * @throws StowageException if no registry client is on the class path
     */
    public Registry registry() {
        return registry.get();
    }

    /** How many blobs a pull or push moves at once. */
    public int parallelism() {
        ensureOpen();
        return parallelism;
    }

    /** Where pulls and pushes report per-blob progress. */
    public ProgressListener progress() {
        ensureOpen();
        return progress;
    }

    /**
     * Names the image {@code source} (a name, digest or ID) {@code target} as well, moving
     * {@code target} if it named another image ({@code docker tag}). Runs at once.
     *
     * @return the full reference written ({@code latest} added when {@code target} has no tag)
     * @throws ImageNotFoundException if {@code source} matches no image
     * @throws dev.stowage.core.reference.InvalidReferenceException if {@code target} is not a valid reference
     * @throws IllegalArgumentException if {@code target} has a digest
     */
    public ImageReference tag(String source, String target) {
        ensureOpen();
        ImageRecord image = InspectRequest.find(store, source);
        ImageReference reference = ImageReference.parse(target);
        if (reference.digest().isPresent()) {
            throw new IllegalArgumentException("cannot tag " + source + " as " + target
                    + ": a tag target cannot hold a digest; give name:tag");
        }
        ImageReference tagged = reference.withDefaultTag();
        store.tag(image.digest(), tagged);
        return tagged;
    }

    /** As {@link #tag(String, String)}. */
    public ImageReference tag(ImageReference source, ImageReference target) {
        return tag(Objects.requireNonNull(source, "source").toString(), Objects.requireNonNull(target, "target").toString());
    }

    /**
     * Removes the name {@code reference} ({@code latest} when it has no tag); the image stays,
     * dangling if that was its last name. Runs at once.
     *
     * @return whether the name existed
     * @throws dev.stowage.core.reference.InvalidReferenceException if it is not a valid reference
     */
    public boolean untag(String reference) {
        ensureOpen();
        return untag(ImageReference.parse(reference));
    }

    /** As {@link #untag(String)}. */
    public boolean untag(ImageReference reference) {
        ensureOpen();
        return store.untag(Objects.requireNonNull(reference, "reference"));
    }

    /**
     * Pulls an image by tag or digest ({@code docker pull}); {@code latest} when neither is given.
     *
     * @throws dev.stowage.core.reference.InvalidReferenceException if it is not a valid reference
     */
    public PullRequest pull(String reference) {
        ensureOpen();
        return new PullRequest(store, registry, parallelism, progress, reference);
    }

    /** As {@link #pull(String)}. */
    public PullRequest pull(ImageReference reference) {
        return pull(Objects.requireNonNull(reference, "reference").toString());
    }

    /**
     * Pushes a stored image to the registry its name points at ({@code docker push});
     * {@code latest} when the name has no tag.
     *
     * @throws dev.stowage.core.reference.InvalidReferenceException if it is not a valid reference
     */
    public PushRequest push(String reference) {
        ensureOpen();
        return new PushRequest(store, registry, parallelism, progress, reference);
    }

    /** As {@link #push(String)}. */
    public PushRequest push(ImageReference reference) {
        return push(Objects.requireNonNull(reference, "reference").toString());
    }

    /**
     * Copies an image from one place to another ({@code skopeo copy}): between registries (blobs
     * stream from one to the other; within one registry they are mounted, no layer byte moves),
     * from or to this manager's store ({@code store:REF}), an OCI image layout directory
     * ({@code oci:DIR[:NAME]}) or an archive ({@code docker-archive:FILE[:REF]},
     * {@code oci-archive:FILE[:NAME]}). A registry reference may carry skopeo's {@code docker://} prefix.
     *
     * @throws dev.stowage.core.reference.InvalidReferenceException if a reference is malformed
     * @throws IllegalArgumentException if a location is malformed
     */
    public CopyRequest copy(String source, String destination) {
        ensureOpen();
        return new CopyRequest(store, registry, ImageManager::transport, parallelism, progress,
                Objects.requireNonNull(source, "source"), Objects.requireNonNull(destination, "destination"));
    }

    /**
     * Saves stored images into one archive ({@code docker save}): {@code name:tag}, a repository
     * (every tag of it), an ID or a digest. Give the target with {@code to(Path)} or
     * {@code to(OutputStream)}.
     *
     * @throws IllegalArgumentException if no image is given
     */
    public SaveRequest save(String... references) {
        return new SaveRequest(store, ImageManager::transport, progress,
                Arrays.asList(Objects.requireNonNull(references, "references")));
    }

    /** Loads every image of an archive file into the store ({@code docker load -i FILE}). */
    public LoadRequest load(Path archive) {
        return new LoadRequest(store, ImageManager::transport, parallelism, progress,
                Objects.requireNonNull(archive, "archive"), null);
    }

    /**
     * Loads every image of an archive read from {@code in} ({@code docker load < FILE}); the
     * stream is read to its end, not closed.
     */
    public LoadRequest load(InputStream in) {
        return new LoadRequest(store, ImageManager::transport, parallelism, progress, null,
                Objects.requireNonNull(in, "in"));
    }

    /**
     * Gives an image on a registry another tag without pulling it ({@code crane tag}): the
     * manifest {@code source} names is written again under {@code target}; no blob moves.
     * Runs at once.
     *
     * @param source the image on the registry, by tag or digest ({@code registry.example.com/app@sha256:…})
     * @param target a reference in the same repository ({@code registry.example.com/app:v2}), or
     *     just the new tag ({@code v2}) when it has no {@code /}, {@code :} or {@code @}
     * @return the digest of the manifest now tagged
     * @throws IllegalArgumentException if {@code target} names another repository, or a digest
     * @throws NotFoundException if {@code source} does not exist on the registry
     */
    public Digest registryTag(String source, String target) {
        ensureOpen();
        ImageReference from = ImageReference.parse(Objects.requireNonNull(source, "source")).withDefaultTag();
        Objects.requireNonNull(target, "target");
        boolean bareTag = target.indexOf('/') < 0 && target.indexOf(':') < 0 && target.indexOf('@') < 0;
        // The target is the source's repository and the new tag only: a digest the source was given by is not the target's.
        ImageReference to = bareTag ? ImageReference.parse(from.name()).withTag(target)
                : ImageReference.parse(target).withDefaultTag();
        if (!to.name().equals(from.name()) || to.digest().isPresent()) {
            throw new IllegalArgumentException("cannot tag " + source + " as " + target + " on the registry: the new "
                    + "tag must be in the same repository (" + from.name() + ":TAG); use pull and push to copy it elsewhere");
        }
        Registry client = registry.get().withProgress(progress);
        RemoteManifest manifest = client.fetchManifest(from);
        return client.pushManifest(to, manifest.raw(), manifest.mediaType());
    }

    /** As {@link #registryTag(String, String)}. */
    public Digest registryTag(ImageReference source, String target) {
        return registryTag(Objects.requireNonNull(source, "source").toString(), target);
    }

    /**
     * Runs a Dockerfile build into this manager's store ({@code docker build}), pulling the images
     * its {@code FROM} and {@code COPY --from} name when the store lacks them (for the build's
     * platform), through this manager's registry client.
     *
     * <pre>{@code
     * DockerfileBuildResult r = images.build(ImageBuilder.fromDockerfile(Path.of(".")).tags("app:1"));
     * }</pre>
     *
     * @throws dev.stowage.core.build.dockerfile.InvalidDockerfileException if the Dockerfile or
     *     context cannot be built; nothing is tagged
     */
    public DockerfileBuildResult build(DockerfileBuild build) {
        ensureOpen();
        return build.baseImages(this::provideBase).build(store);
    }

    /** Pulls {@code reference} for {@code platform} unless the store can already build from it. */
    private void provideBase(ImageReference reference, Platform platform) {
        try {
            BaseImage.load(store, reference, platform);
        } catch (ImageNotFoundException missing) {
            pull(reference.toString()).platform(platform).call();
        }
    }

    /** Lists images, one row per name ({@code docker images}). */
    public ListRequest list() {
        ensureOpen();
        return new ListRequest(store);
    }

    /** Reads {@code docker image inspect}'s view of an image (a name, digest, ID or unique ID prefix). */
    public InspectRequest inspect(String reference) {
        ensureOpen();
        return new InspectRequest(store, reference);
    }

    /** As {@link #inspect(String)}, by name. */
    public InspectRequest inspect(ImageReference reference) {
        return inspect(Objects.requireNonNull(reference, "reference").toString());
    }

    /** Reads an image's build history ({@code docker history}). */
    public HistoryRequest history(String reference) {
        ensureOpen();
        return new HistoryRequest(store, reference);
    }

    /** As {@link #history(String)}, by name. */
    public HistoryRequest history(ImageReference reference) {
        return history(Objects.requireNonNull(reference, "reference").toString());
    }

    /**
     * Removes images with {@code docker rmi} rules.
     *
     * @throws IllegalArgumentException if no reference is given, or one is empty
     */
    public RemoveRequest remove(String... references) {
        ensureOpen();
        return new RemoveRequest(store, Arrays.asList(Objects.requireNonNull(references, "references")));
    }

    /** As {@link #remove(String...)}, by name (at least one: {@code remove()} stays the text form's). */
    public RemoveRequest remove(ImageReference reference, ImageReference... more) {
        Objects.requireNonNull(more, "references");
        return remove(Stream.concat(Stream.of(reference), Arrays.stream(more))
                .map(r -> Objects.requireNonNull(r, "reference").toString()).toArray(String[]::new));
    }

    /** Removes unused images and frees their space ({@code docker image prune}). */
    public PruneRequest prune() {
        ensureOpen();
        return new PruneRequest(store);
    }

    /** Measures the store ({@code docker system df}). */
    public DiskUsageRequest diskUsage() {
        ensureOpen();
        return new DiskUsageRequest(store);
    }

    /**
     * Closes the store, and the registry client if this manager opened it. Every operation
     * afterwards, a request made earlier included, throws {@link IllegalStateException}; a
     * request still running fails rather than waits (the registry client refuses to go on
     * once closed). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ownStore.close();
        } finally {
            if (ownRegistry instanceof LazyRegistry lazy) {
                lazy.close();
            }
        }
    }

    /** @throws IllegalStateException once {@link #close()} was called */
    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this ImageManager is closed; open a new one to work with images");
        }
    }

    /** Configures an {@link ImageManager}; every setting has a default. */
    public static final class Builder {
        private ImageStore store;
        private int parallelism = ImageCopier.DEFAULT_PARALLELISM;
        private Registry registry;
        private CredentialProvider credentials;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /** The store to manage; it belongs to the manager from now on and is closed with it. Default: the file store in {@link #defaultStoreDirectory()}. */
        public Builder store(ImageStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How many blobs a pull, push or copy moves at once (default {@link ImageCopier#DEFAULT_PARALLELISM}, 6, as skopeo).
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * The registry client pulls and pushes go through. Default: the one found through
         * {@link RegistryProvider} ({@code stowage-registry-client}), opened on first use with
         * {@link #credentials(CredentialProvider)}, else the user's docker credentials.
         */
        public Builder registry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Where the default registry client finds credentials (ignored when a registry is given). Default: docker's configuration. */
        public Builder credentials(CredentialProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Where pulls and pushes report progress unless a request names its own listener. Default: nowhere. */
        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public ImageManager build() {
            Supplier<Registry> remote = registry != null ? () -> registry
                    : new LazyRegistry(Optional.ofNullable(credentials), parallelism, progress);
            return new ImageManager(store != null ? store : openStore(defaultStoreDirectory()), parallelism, remote,
                    progress);
        }

        /**
         * Finds the file store through {@link ServiceLoader}: {@code core} must not depend on
         * {@code layer-store} (the module rule), yet {@code openDefault()} has to open one; a
         * provider registered by the store module keeps the dependency pointing the right way
         * and lets an application bring its own store the same way.
         */
        private static ImageStore openStore(Path directory) {
            return provider(ImageStoreProvider.class, "no image store implementation on the class path: add the "
                    + "dev.stowage:stowage-layer-store dependency, or pass a store to ImageManager.builder().store(…)")
                    .open(directory);
        }
    }

    /**
     * The transport named {@code name} ({@code oci}, …), registered with {@link ServiceLoader}.
     *
     * @throws IllegalArgumentException if none is on the class path
     */
    private static ImageTransport transport(String name) {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                ImageManager.class.getClassLoader()}) {
            for (ImageTransport transport : ServiceLoader.load(ImageTransport.class, loader)) {
                if (transport.name().equals(name)) {
                    return transport;
                }
            }
        }
        String module = switch (name) {
            case "oci" -> "; add dev.stowage:stowage-layer-store";
            case "docker-archive", "oci-archive" -> "; add dev.stowage:stowage-archive";
            default -> "";
        };
        throw new IllegalArgumentException("the " + name + ": transport is not supported (Stowage copies between "
                + "docker://REF, store:REF, oci:DIR[:NAME], docker-archive:FILE[:REF] and oci-archive:FILE[:REF]"
                + module + ")");
    }

    /**
     * The first {@code type} registered with {@link ServiceLoader}: through the thread's context
     * class loader, else (when an application server or plugin host set another one) Stowage's own.
     *
     * @throws StowageException with {@code missing} as its message if neither finds one
     */
    private static <T> T provider(Class<T> type, String missing) {
        Iterator<T> providers = ServiceLoader.load(type).iterator();
        if (!providers.hasNext()) {
            providers = ServiceLoader.load(type, ImageManager.class.getClassLoader()).iterator();
        }
        if (!providers.hasNext()) {
            throw new StowageException(missing);
        }
        return providers.next();
    }

    /**
     * Opens the default registry client the first time a pull or push needs it, so that local
     * operations work without a registry client on the class path, and found through
     * {@link ServiceLoader} for the same reason the store is.
     */
    private static final class LazyRegistry implements Supplier<Registry>, AutoCloseable {
        private final Optional<CredentialProvider> credentials;
        private final int parallelism;
        private final ProgressListener progress;
        private Registry registry;
        private Registry reporting;

        LazyRegistry(Optional<CredentialProvider> credentials, int parallelism, ProgressListener progress) {
            this.credentials = credentials;
            this.parallelism = parallelism;
            this.progress = progress;
        }

        /** The client, reporting the retries of requests no request names a listener for to the manager's. */
        @Override
        public synchronized Registry get() {
            if (registry == null) {
                registry = provider(RegistryProvider.class, "no registry client on the class path: add the "
                        + "dev.stowage:stowage-registry-client dependency, or pass one to ImageManager.builder().registry(…)")
                        .open(credentials, parallelism);
                reporting = registry.withProgress(progress);
            }
            return reporting;
        }

        @Override
        public synchronized void close() {
            if (registry != null) {
                registry.close();
            }
        }
    }
}
