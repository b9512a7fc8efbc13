package dev.stowage.core.build;

import dev.stowage.core.ImageManager;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Healthcheck;
import dev.stowage.core.model.HistoryEntry;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageDestination;
import dev.stowage.core.spi.ImageSource;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.transfer.CompositeSource;
import dev.stowage.core.transfer.CopyTotals;
import dev.stowage.core.transfer.ImageCopier;
import dev.stowage.core.transfer.PlatformChoice;
import dev.stowage.core.transfer.RegistryDestination;
import dev.stowage.core.transfer.StoreDestination;
import dev.stowage.core.transfer.StoreSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds an image in code, without a Dockerfile or a daemon, and writes it into an
 * {@link ImageStore} (layers, config and manifest, tagged last) or pushes it to a registry.
 *
 * <pre>{@code
 * BuiltImage image = ImageBuilder.from(images, "eclipse-temurin:17-jre")
 *         .addLayerFromDirectory(Path.of("build/app"), "app")
 *         .layer(l -> l.file("app/run.sh", script, 0755).createdBy("COPY run.sh /app/"))
 *         .workingDir("/app")
 *         .entrypoint("/app/run.sh")
 *         .env("JAVA_OPTS", "-Xmx256m")
 *         .exposedPort("8080/tcp")
 *         .label("org.opencontainers.image.version", "1.2")
 *         .build("registry.example.com/team/app:1.2");      // or .push(…): straight to the registry
 * }</pre>
 *
 * <p>Made from an {@link ImageManager} ({@link #from(ImageManager, String)},
 * {@link #fromScratch(ImageManager)}), a builder builds into the manager's store and pushes
 * through its registry client, and its base may stay in its registry: only the base's manifest
 * and config are read, and its layers are mounted or streamed when the image is pushed
 * ({@link BaseLayers}). Made from a store ({@link #from(ImageStore, ImageReference)}), it builds
 * into that store or the one {@link #build(ImageStore, ImageReference)} names.
 *
 * <p><b>Reproducible by default</b>: the same inputs give the same digests, on any machine with
 * the same zlib (see {@link LayerCompression}). Entries are sorted, owned by {@code 0:0} and
 * dated with the build timestamp unless given otherwise; the config's {@code created} and the
 * history's dates are that timestamp too. The timestamp is {@code SOURCE_DATE_EPOCH} (seconds,
 * read once per {@link #build}, from the process environment unless {@link #environment(Map)}
 * says otherwise), else 1970-01-01T00:00:00Z.
 *
 * <p>Layers are written when {@link #build} runs, each streamed through SHA-256 and the
 * compressor straight into the store in one pass, so layer size is bounded by disk, not memory.
 * A builder can build more than once (every source is read again each time).
 *
 * <p>Defaults: OCI media types, gzip level 6, platform {@code linux/<this machine's
 * architecture>} (a base image's platform when building from one). As with docker, setting an
 * entrypoint clears the {@code Cmd} inherited from the base unless a cmd is set too.
 */
public final class ImageBuilder {
    private final Optional<BaseImage> base;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Set<String> exposedPorts = new LinkedHashSet<>();
    private final Set<String> volumes = new LinkedHashSet<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private List<String> entrypoint;
    private List<String> cmd;
    private List<String> shell;
    private List<String> onBuild;
    private Healthcheck healthcheck;
    private String stopSignal;
    private String workingDir;
    private String user;
    private String author;
    private Platform platform;
    private Instant created;
    private ImageFormat format = ImageFormat.OCI;
    private LayerCompression compression = LayerCompression.gzip();
    private Map<String, String> environment;

    /** A base that stays in its registry; {@link #base} is empty then. */
    private Optional<RemoteBase> remoteBase = Optional.empty();
    /** The manager built into and pushed through, when the builder was made from one. */
    private ImageManager images;

    private ImageBuilder(Optional<BaseImage> base) {
        this.base = base;
    }

    private static ImageBuilder of(ImageManager images, Optional<BaseImage> base, Optional<RemoteBase> remoteBase) {
        ImageBuilder builder = new ImageBuilder(base);
        builder.images = images;
        builder.remoteBase = remoteBase;
        return builder;
    }

    /** An image with no base: only the layers and settings given. */
    public static ImageBuilder fromScratch() {
        return new ImageBuilder(Optional.empty());
    }

    /**
     * An image with no base, to build into {@code images}' store ({@link #build(String)}) or push
     * through its registry client ({@link #push(String)}).
     */
    public static ImageBuilder fromScratch(ImageManager images) {
        return of(Objects.requireNonNull(images, "images"), Optional.empty(), Optional.empty());
    }

    /**
     * An image on top of {@code base}, to build into {@code images}' store ({@link #build(String)})
     * or push through its registry client ({@link #push(String)}). A base the store holds is read
     * from there, as {@link #from(ImageStore, ImageReference)} does; any other is read from its
     * registry, only its manifest and config, now: its layers stay there. Pushing the image then
     * mounts them (the same registry) or finds them (the same repository), no byte moved, or
     * streams each once from the base's registry to another; building it into the store fetches
     * them. {@link BuiltImage#baseLayers()} says which. For a multi-platform base, its manifest for
     * {@code linux/<this machine's architecture>}.
     *
     * <pre>{@code
     * BuiltImage app = ImageBuilder.from(images, "registry.example.com/base/jre:21")
     *         .addLayerFromDirectory(Path.of("target/app"), "app")
     *         .entrypoint("java", "-jar", "/app/app.jar")
     *         .push("registry.example.com/team/app:1");   // base layers mounted, not downloaded
     * }</pre>
     *
     * @throws dev.stowage.core.reference.InvalidReferenceException if {@code base} is not a valid reference
     * @throws dev.stowage.core.NotFoundException if neither the store nor the registry has it
     * @throws IllegalStateException if the manager is closed
     */
    public static ImageBuilder from(ImageManager images, String base) {
        return from(images, ImageReference.parse(Objects.requireNonNull(base, "base")));
    }

    /** As {@link #from(ImageManager, String)}. */
    public static ImageBuilder from(ImageManager images, ImageReference base) {
        return from(images, base, hostPlatform());
    }

    /** As {@link #from(ImageManager, String)}, choosing {@code platform} from a multi-platform base. */
    public static ImageBuilder from(ImageManager images, String base, Platform platform) {
        return from(images, ImageReference.parse(Objects.requireNonNull(base, "base")), platform);
    }

    /** As {@link #from(ImageManager, String)}, choosing {@code platform} from a multi-platform base. */
    public static ImageBuilder from(ImageManager images, ImageReference base, Platform platform) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(platform, "platform");
        ImageStore store = images.store();
        if (store.resolve(base.withDefaultTag()).isPresent()) {
            return of(images, Optional.of(BaseImage.load(store, base, platform)), Optional.empty());
        }
        return of(images, Optional.empty(),
                Optional.of(RemoteBase.load(images.registry(), base, platform, images.progress())));
    }

    /**
     * An image on top of {@code base}, read from {@code store} now: its layers, config and
     * history are kept. For a multi-platform base, its manifest for {@code linux/<this machine's
     * architecture>}.
     *
     * @throws dev.stowage.core.ImageNotFoundException if the store has no such image
     */
    public static ImageBuilder from(ImageStore store, ImageReference base) {
        return from(store, base, hostPlatform());
    }

    /** Like {@link #from(ImageStore, ImageReference)}, choosing {@code platform} from a multi-platform base. */
    public static ImageBuilder from(ImageStore store, ImageReference base, Platform platform) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(platform, "platform");
        return new ImageBuilder(Optional.of(BaseImage.load(store, base, platform)));
    }

    /** An image on top of {@code base}, already read from its store (see {@link BaseImage#load}). */
    public static ImageBuilder from(BaseImage base) {
        return new ImageBuilder(Optional.of(Objects.requireNonNull(base, "base")));
    }

    /**
     * A build from the Dockerfile in {@code contextDir} (docker's {@code docker build CONTEXT}),
     * the context being what {@code COPY} and {@code ADD} read from. See
     * {@link dev.stowage.core.build.dockerfile.DockerfileBuild} for its options and what it supports.
     *
     * <pre>{@code
     * ImageBuilder.fromDockerfile(Path.of(".")).tags("app:1").build(store);
     * }</pre>
     */
    public static dev.stowage.core.build.dockerfile.DockerfileBuild fromDockerfile(Path contextDir) {
        return new dev.stowage.core.build.dockerfile.DockerfileBuild(contextDir);
    }

    /** A builder for an index over several built images, e.g. one per platform. */
    public static IndexBuilder index() {
        return new IndexBuilder();
    }

    /** Adds a layer made of the entries {@code spec} gives. */
    public ImageBuilder layer(Consumer<LayerBuilder> spec) {
        LayerBuilder layer = new LayerBuilder();
        spec.accept(layer);
        steps.add(new EntriesLayer(layer));
        return this;
    }

    /**
     * Adds a layer holding everything under {@code dir}, placed under {@code containerPath}
     * (relative to the root: {@code app} for {@code /app}; {@code ""} for the root itself). See
     * {@link LayerBuilder#copyDirectory(Path, String)}.
     */
    public ImageBuilder addLayerFromDirectory(Path dir, String containerPath) {
        return layer(l -> l.copyDirectory(dir, containerPath));
    }

    /** Like {@link #addLayerFromDirectory(Path, String)}, with the history's {@code created_by}. */
    public ImageBuilder addLayerFromDirectory(Path dir, String containerPath, String createdBy) {
        return layer(l -> l.copyDirectory(dir, containerPath).createdBy(createdBy));
    }

    /**
     * Adds a layer from an existing tar (plain, gzip or zstd, detected from its first bytes).
     * Entries keep their order and metadata; names lose a leading {@code ./}; atime and ctime
     * are dropped. When the image is built, an entry that is absolute, has {@code ..}, or lies
     * beneath a symlink of the same tar fails the build with {@link InvalidLayerPathException}
     * before anything is tagged.
     */
    public ImageBuilder addLayerFromTar(Path tar) {
        return addLayerFromTar(tar, "");
    }

    /** Like {@link #addLayerFromTar(Path)}, with the history's {@code created_by}. */
    public ImageBuilder addLayerFromTar(Path tar, String createdBy) {
        return addLayerFromTar(tar, createdBy, "");
    }

    /** Like {@link #addLayerFromTar(Path)}, with the history's {@code created_by} and {@code comment} (as {@code docker import -m}). */
    public ImageBuilder addLayerFromTar(Path tar, String createdBy, String comment) {
        steps.add(new TarLayer(Objects.requireNonNull(tar, "tar"), Objects.requireNonNull(createdBy, "createdBy"),
                Objects.requireNonNull(comment, "comment")));
        return this;
    }

    /**
     * Adds a layer already written into the store the image is built into (by
     * {@link LayerBuilder#writeTo}, or by an earlier build), with its history entry. The
     * builder protects it from collection from {@link #build} on; the caller protects it before.
     */
    public ImageBuilder layer(StoredLayer layer, String createdBy, String comment) {
        steps.add(new StoredStep(Objects.requireNonNull(layer, "layer"), Objects.requireNonNull(createdBy, "createdBy"),
                Objects.requireNonNull(comment, "comment")));
        return this;
    }

    /** Adds a history entry for a step that changed no files ({@code empty_layer}), e.g. {@code ENV A=1}. */
    public ImageBuilder history(String createdBy) {
        return history(createdBy, "");
    }

    /** Like {@link #history(String)}, with the entry's {@code comment}. */
    public ImageBuilder history(String createdBy, String comment) {
        steps.add(new EmptyStep(Objects.requireNonNull(createdBy, "createdBy"), Objects.requireNonNull(comment, "comment")));
        return this;
    }

    public ImageBuilder entrypoint(String... entrypoint) {
        return entrypoint(Arrays.asList(entrypoint));
    }

    /** The entrypoint; clears the base's {@code Cmd} unless {@link #cmd} is set too. */
    public ImageBuilder entrypoint(List<String> entrypoint) {
        this.entrypoint = List.copyOf(entrypoint);
        return this;
    }

    public ImageBuilder cmd(String... cmd) {
        return cmd(Arrays.asList(cmd));
    }

    public ImageBuilder cmd(List<String> cmd) {
        this.cmd = List.copyOf(cmd);
        return this;
    }

    /** Sets a variable, replacing one of the same name from the base in place, as {@code ENV} does. */
    public ImageBuilder env(String name, String value) {
        if (name == null || name.isEmpty() || name.contains("=")) {
            throw new IllegalArgumentException("an environment variable name must be non-empty without '=', got \""
                    + name + "\"");
        }
        env.put(name, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The shell that shell-form commands of builds from this image run with, e.g. {@code ["/bin/bash", "-c"]}. */
    public ImageBuilder shell(List<String> shell) {
        this.shell = List.copyOf(shell);
        return this;
    }

    /**
     * The instructions a Dockerfile build from this image runs first ({@code ONBUILD}), replacing
     * the base's (an empty list removes them, as a Dockerfile build does once it ran them).
     */
    public ImageBuilder onBuild(List<String> triggers) {
        this.onBuild = List.copyOf(triggers);
        return this;
    }

    /** How a container of the image is checked for health. */
    public ImageBuilder healthcheck(Healthcheck healthcheck) {
        this.healthcheck = Objects.requireNonNull(healthcheck, "healthcheck");
        return this;
    }

    /** The signal that stops a container of the image, e.g. {@code SIGTERM} or {@code 15}. */
    public ImageBuilder stopSignal(String stopSignal) {
        this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
        return this;
    }

    public ImageBuilder workingDir(String workingDir) {
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
        return this;
    }

    /** The user to run as: {@code name}, {@code uid}, {@code uid:gid}… */
    public ImageBuilder user(String user) {
        this.user = Objects.requireNonNull(user, "user");
        return this;
    }

    public ImageBuilder label(String key, String value) {
        labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public ImageBuilder labels(Map<String, String> labels) {
        labels.forEach(this::label);
        return this;
    }

    /** A port to expose: {@code 8080/tcp}, {@code 53/udp}, or {@code 8080} for TCP. */
    public ImageBuilder exposedPort(String port) {
        exposedPorts.add(Objects.requireNonNull(port, "port"));
        return this;
    }

    public ImageBuilder volume(String path) {
        volumes.add(Objects.requireNonNull(path, "path"));
        return this;
    }

    /** The platform written into the config (os, architecture, variant). */
    public ImageBuilder platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /** The config's {@code created} and the new history entries' dates, instead of the build timestamp. */
    public ImageBuilder created(Instant created) {
        this.created = Objects.requireNonNull(created, "created");
        return this;
    }

    public ImageBuilder author(String author) {
        this.author = Objects.requireNonNull(author, "author");
        return this;
    }

    /** An annotation on the manifest (OCI format only). */
    public ImageBuilder annotation(String key, String value) {
        annotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** OCI (the default) or Docker media types for manifest, config and layers. */
    public ImageBuilder format(ImageFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /** How new layers are compressed; gzip level 6 by default. */
    public ImageBuilder compression(LayerCompression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /**
     * Where {@code SOURCE_DATE_EPOCH} is read from at build time instead of the process
     * environment, e.g. {@code Map.of("SOURCE_DATE_EPOCH", "1700000000")}.
     */
    public ImageBuilder environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /**
     * Writes the image into {@code store} under a lease and points {@code reference} at it. The
     * layers of a base read from a registry ({@link #from(ImageManager, String)}) are fetched
     * into {@code store} now, those it lacks.
     *
     * @throws InvalidLayerPathException if a tar layer holds an entry outside its root
     * @throws LayerSourceException if a layer's content cannot be read as declared
     * @throws IllegalStateException if the settings contradict the format (annotations or zstd
     *     with Docker media types, an OCI image without layers)
     * @throws dev.stowage.core.model.InvalidManifestException if the settings make an invalid
     *     config (a malformed port…); checked before any layer is written
     */
    public BuiltImage build(ImageStore store, ImageReference reference) {
        return build(store, Optional.of(Objects.requireNonNull(reference, "reference")));
    }

    /** Writes the image into {@code store} without a reference (a dangling image, found by its ID or digest). */
    public BuiltImage build(ImageStore store) {
        return build(store, Optional.empty());
    }

    /**
     * Writes the image into the store this builder reads from: the manager's
     * ({@link #from(ImageManager, String)}, {@link #fromScratch(ImageManager)}) or the base's
     * ({@link #from(ImageStore, ImageReference)}), and names it {@code reference}. As
     * {@link #build(ImageStore, ImageReference)} otherwise.
     *
     * @throws dev.stowage.core.reference.InvalidReferenceException if {@code reference} is not a valid reference
     * @throws IllegalStateException if the builder has no store ({@link #fromScratch()}: use
     *     {@link #build(ImageStore, ImageReference)})
     */
    public BuiltImage build(String reference) {
        return build(ImageReference.parse(Objects.requireNonNull(reference, "reference")));
    }

    /** As {@link #build(String)}. */
    public BuiltImage build(ImageReference reference) {
        return build(home(), Optional.of(Objects.requireNonNull(reference, "reference")));
    }

    /** As {@link #build(String)}, without a name (a dangling image, found by its ID or digest). */
    public BuiltImage build() {
        return build(home(), Optional.empty());
    }

    /**
     * Builds the image and pushes it to the registry {@code reference} names ({@code latest} when
     * it has no tag), through the manager's registry client, without naming it in the store. The
     * new layers and the config are written into the manager's store first (unnamed: the next
     * prune reclaims them); the base's layers are read from wherever the base is: mounted from its
     * repository on the same registry, found in the target repository, else streamed once from
     * the base's registry (or read from the store). Nothing of the base is written into the store.
     *
     * @return the image pushed; {@link BuiltImage#baseLayers()} says what its base layers took
     * @throws dev.stowage.core.reference.InvalidReferenceException if {@code reference} is not a valid reference
     * @throws IllegalStateException if the builder was not made from an {@link ImageManager}
     * @throws dev.stowage.core.UnauthorizedException if the registry wants credentials it was not given
     */
    public BuiltImage push(String reference) {
        return push(ImageReference.parse(Objects.requireNonNull(reference, "reference")));
    }

    /** As {@link #push(String)}. */
    public BuiltImage push(ImageReference reference) {
        Objects.requireNonNull(reference, "reference");
        if (images == null) {
            throw new IllegalStateException("pushing needs a registry client: make the builder with "
                    + "ImageBuilder.from(images, base) or ImageBuilder.fromScratch(images)");
        }
        ImageReference target = reference.withDefaultTag();
        ImageStore staging = images.store();
        try (Lease lease = staging.lease()) {
            Written image = write(staging, lease);
            RegistryDestination destination = new RegistryDestination(images.registry(), target, images.progress());
            return copy(image, source(staging, image, target.toString()), destination, staging, "push");
        }
    }

    private BuiltImage build(ImageStore store, Optional<ImageReference> reference) {
        Objects.requireNonNull(store, "store");
        try (Lease lease = store.lease()) {
            Written image = write(store, lease);
            if (remoteBase.isEmpty()) {
                reference.ifPresentOrElse(r -> store.tag(image.digest(), r), () -> store.addUntagged(image.digest()));
                return image.built(image.baseInStore());
            }
            String name = reference.map(ImageReference::toString).orElse("the store (untagged)");
            return copy(image, source(store, image, name), StoreDestination.named(store, reference.stream().toList()),
                    store, "build");
        }
    }

    /** What {@link #write} put into a store: everything but the base's layers, which may be elsewhere. */
    private record Written(Digest digest, ImageManifest manifest, ImageConfig config, List<Descriptor> layers,
            BaseLayers baseInStore) {
        BuiltImage built(BaseLayers baseLayers) {
            return new BuiltImage(digest, config.digest(), manifest, config, layers, baseLayers);
        }
    }

    /**
     * Writes the new layers, the config and the manifest into {@code store}, protected by
     * {@code lease}; a base read from a store gets its layers provided there as well.
     */
    private Written write(ImageStore store, Lease lease) {
        Instant timestamp = BuildTimestamp.from(environment != null ? environment : System.getenv());
        Instant createdAt = created != null ? created : timestamp;
        if (format == ImageFormat.DOCKER && !annotations.isEmpty()) {
            throw new IllegalStateException("Docker manifests have no annotations; use ImageFormat.OCI to set "
                    + String.join(", ", annotations.keySet()));
        }
        String layerType = format.layerMediaType(compression);
        List<Descriptor> layers = new ArrayList<>();
        baseManifest().ifPresent(b -> b.layers().forEach(l -> layers.add(format.convert(l))));
        if (format == ImageFormat.OCI && layers.isEmpty() && steps.stream().allMatch(EmptyStep.class::isInstance)) {
            throw new IllegalStateException("an OCI image needs at least one layer; add one with layer(...), "
                    + "addLayerFromDirectory or addLayerFromTar");
        }
        configBuilder(createdAt).build(); // bad settings fail here, before any layer is written

        BaseLayers baseInStore = base.map(b -> provideLayers(b, store, lease)).orElse(BaseLayers.NONE);
        ImageConfig.Builder config = configBuilder(createdAt);
        for (Step step : steps) {
            if (step instanceof EmptyStep empty) {
                config.addHistory(new HistoryEntry(Optional.of(createdAt), empty.createdBy(), "", empty.comment(), true));
                continue;
            }
            if (step instanceof StoredStep stored) {
                Descriptor layer = format.convert(stored.layer().descriptor());
                lease.protect(layer.digest());
                if (!store.hasBlob(layer.digest())) {
                    throw new LayerSourceException("layer " + layer.digest() + " is not in the store; write it "
                            + "into the store the image is built into, under a lease");
                }
                layers.add(layer);
                config.addLayer(stored.layer().diffId(),
                        new HistoryEntry(Optional.of(createdAt), stored.createdBy(), "", stored.comment(), false));
                continue;
            }
            LayerStep layer = (LayerStep) step;
            LayerBlob blob = LayerWriter.write(store, compression, out -> layer.writeTar(out, timestamp));
            lease.protect(blob.digest());
            layers.add(Descriptor.of(layerType, blob.digest(), blob.size()));
            config.addLayer(blob.diffId(),
                    new HistoryEntry(Optional.of(createdAt), layer.createdBy(), "", layer.comment(), false));
        }
        ImageConfig imageConfig = config.build();
        store.putBlob(imageConfig.digest(), imageConfig.size(), new ByteArrayInputStream(imageConfig.raw()));
        ImageManifest.Builder manifest = ImageManifest.builder()
                .mediaType(format.manifestMediaType())
                .config(Descriptor.of(format.configMediaType(), imageConfig.digest(), imageConfig.size()))
                .layers(layers);
        annotations.forEach(manifest::annotation);
        ImageManifest built = manifest.build();
        Digest digest = store.putManifest(built.raw(), built.mediaType());
        lease.protect(digest);
        return new Written(digest, built, imageConfig, layers, baseInStore);
    }

    /** Provides a stored base's layers in {@code store} (see {@link BaseImage#provideLayers}) and counts what that took. */
    private static BaseLayers provideLayers(BaseImage base, ImageStore store, Lease lease) {
        int existing = 0;
        int copied = 0;
        long bytes = 0;
        for (Descriptor layer : base.manifest().layers()) {
            if (store.hasBlob(layer.digest())) {
                existing++;
            } else if (store != base.store() && base.store().hasBlob(layer.digest())) {
                copied++;
                bytes += layer.size();
            }
        }
        base.provideLayers(store, lease);
        return new BaseLayers(false, existing, 0, copied, bytes);
    }

    /** The image as written into {@code store}, with a remote base's layers read from its registry. */
    private ImageSource source(ImageStore store, Written image, String name) {
        ImageSource written = new StoreSource(store, image.digest(), name);
        if (remoteBase.isEmpty()) {
            return written;
        }
        // read from the base's repository even where the store has a copy: the repository is what a
        // registry mounts from, and a destination that holds a layer already is not sent it at all
        return new CompositeSource(written, remoteBase.get().layerSource(progress()),
                remoteBase.get().layerDigests()::contains);
    }

    /**
     * The one copy algorithm moves the image to its destination: whatever the destination lacks
     * is read from the source, the base's layers mounted or streamed from the base's repository.
     */
    private BuiltImage copy(Written image, ImageSource source, ImageDestination destination, ImageStore store,
            String operation) {
        int parallelism = images != null ? images.parallelism() : ImageCopier.DEFAULT_PARALLELISM;
        try (ImageCopier copier = new ImageCopier(operation, parallelism, store.blobLocations(), progress());
             ImageSource from = source;
             ImageDestination to = destination) {
            copier.copy(destination.description(), from, to, PlatformChoice.all());
            List<Digest> baseDigests = baseManifest().map(m -> m.layers().stream().map(Descriptor::digest).toList())
                    .orElse(List.of());
            CopyTotals totals = copier.totals(baseDigests);
            return image.built(new BaseLayers(remoteBase.isPresent(), totals.blobsExisting(), totals.blobsMounted(),
                    totals.blobsCopied(), totals.bytesCopied()));
        }
    }

    /** The store {@link #build(String)} writes into. */
    private ImageStore home() {
        if (images != null) {
            return images.store();
        }
        return base.map(BaseImage::store).orElseThrow(() -> new IllegalStateException("this builder has no store to "
                + "build into: make it with ImageBuilder.fromScratch(images) or from(images, base), or pass a store "
                + "to build(store, reference)"));
    }

    private ProgressListener progress() {
        return images != null ? images.progress() : ProgressListener.NONE;
    }

    /** The base's manifest, wherever the base is. */
    private Optional<ImageManifest> baseManifest() {
        return base.map(BaseImage::manifest).or(() -> remoteBase.map(RemoteBase::manifest));
    }

    /** The base's config, wherever the base is. */
    private Optional<ImageConfig> baseConfig() {
        return base.map(BaseImage::config).or(() -> remoteBase.map(RemoteBase::config));
    }

    /** The base's config (or an empty one) with every setting applied; layers and history are added by the build. */
    private ImageConfig.Builder configBuilder(Instant createdAt) {
        ImageConfig.Builder config = baseConfig().map(ImageConfig::toBuilder).orElseGet(ImageConfig::builder);
        // from a base, its platform stays unless another is set
        Platform target = platform != null ? platform : baseConfig().isPresent() ? null : hostPlatform();
        if (target != null) {
            config.os(target.os()).architecture(target.architecture()).variant(target.variant().orElse(null));
        }
        config.created(createdAt);
        if (author != null) {
            config.author(author);
        }
        if (user != null) {
            config.user(user);
        }
        if (workingDir != null) {
            config.workingDir(workingDir);
        }
        env.forEach(config::env);
        if (entrypoint != null) {
            config.entrypoint(entrypoint);
            if (cmd == null) {
                config.cmd(null);
            }
        }
        if (cmd != null) {
            config.cmd(cmd);
        }
        labels.forEach(config::label);
        exposedPorts.forEach(config::exposedPort);
        volumes.forEach(config::volume);
        if (shell != null) {
            config.shell(shell);
        }
        if (onBuild != null) {
            config.onBuild(onBuild.isEmpty() ? null : onBuild);
        }
        if (healthcheck != null) {
            config.healthcheck(healthcheck);
        }
        if (stopSignal != null) {
            config.stopSignal(stopSignal);
        }
        return config;
    }

    /** Images are Linux images whatever the build machine runs; the architecture is the machine's. */
    private static Platform hostPlatform() {
        return Platform.hostLinux();
    }

    private sealed interface Step permits EmptyStep, LayerStep, StoredStep {
    }

    private record EmptyStep(String createdBy, String comment) implements Step {
    }

    private record StoredStep(StoredLayer layer, String createdBy, String comment) implements Step {
    }

    private sealed interface LayerStep extends Step permits EntriesLayer, TarLayer {
        String createdBy();

        String comment();

        void writeTar(OutputStream out, Instant timestamp) throws IOException;
    }

    private record EntriesLayer(LayerBuilder layer) implements LayerStep {
        @Override
        public String createdBy() {
            return layer.createdBy();
        }

        @Override
        public String comment() {
            return layer.comment();
        }

        @Override
        public void writeTar(OutputStream out, Instant timestamp) throws IOException {
            LayerTar.write(layer.entries(), timestamp, out);
        }
    }

    private record TarLayer(Path tar, String createdBy, String comment) implements LayerStep {
        @Override
        public void writeTar(OutputStream out, Instant timestamp) throws IOException {
            LayerTar.copy(tar, out);
        }
    }
}
