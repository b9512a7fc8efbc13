package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.build.ImageFormat;
import dev.stowage.core.build.LayerCompression;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A build from a Dockerfile without a daemon or a container runtime, configured like
 * {@code docker build} and run by {@link #build(ImageStore)} (or
 * {@link dev.stowage.core.ImageManager#build(DockerfileBuild)}, which also pulls missing base
 * images).
 *
 * <pre>{@code
 * DockerfileBuildResult result = ImageBuilder.fromDockerfile(Path.of("."))
 *         .buildArg("VERSION", "1.2")
 *         .target("runtime")
 *         .tags("registry.example.com/team/app:1.2")
 *         .build(store);
 * }</pre>
 *
 * <p>Every instruction is supported but {@code RUN}, which needs a container: a Dockerfile whose
 * target needs a {@code RUN} is refused before any work, naming the line. The image is
 * reproducible: the same Dockerfile, context and arguments give the same digest on any machine
 * ({@code SOURCE_DATE_EPOCH}, from the build args or the environment, dates it; else
 * 1970-01-01). Steps whose inputs did not change reuse the layer they made last time (the build
 * cache, kept in the store), unless {@link #noCache()}.
 */
public final class DockerfileBuild {
    private final Path contextDir;
    private Path dockerfile;
    private String dockerfileContent;
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private String target;
    private Platform platform;
    private final List<ImageReference> tags = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private boolean noCache;
    private BuildProgress progress = BuildProgress.NONE;
    private Map<String, String> environment;
    private BaseImageSource baseImages = BaseImageSource.STORE_ONLY;
    private RemoteFileFetcher remoteFiles = RemoteFileFetcher.NONE;
    private ImageFormat format = ImageFormat.OCI;
    private LayerCompression compression = LayerCompression.adaptiveGzip();

    /** A build of the Dockerfile in {@code contextDir}; {@link ImageBuilder#fromDockerfile(Path)} is the usual way to make one. */
    public DockerfileBuild(Path contextDir) {
        this.contextDir = Objects.requireNonNull(contextDir, "contextDir");
    }

    /** The Dockerfile to read (docker's {@code -f}); default {@code Dockerfile} in the context directory. */
    public DockerfileBuild dockerfile(Path dockerfile) {
        this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
        this.dockerfileContent = null;
        return this;
    }

    /** The Dockerfile's text itself (docker's {@code -f -}), instead of a file. */
    public DockerfileBuild dockerfileContent(String content) {
        this.dockerfileContent = Objects.requireNonNull(content, "content");
        this.dockerfile = null;
        return this;
    }

    /** A value for an {@code ARG} (docker's {@code --build-arg NAME=value}). */
    public DockerfileBuild buildArg(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a build arg needs a name");
        }
        buildArgs.put(name, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The stage to build, by name (docker's {@code --target}); default the last one. */
    public DockerfileBuild target(String stage) {
        this.target = Objects.requireNonNull(stage, "stage");
        return this;
    }

    /**
     * The platform to build for, e.g. {@code linux/arm64}: the platform of base images taken
     * from multi-platform images, of {@code FROM scratch} images, and {@code TARGETPLATFORM}.
     * Default: {@code linux/<this machine's architecture>}.
     *
     * @throws dev.stowage.core.model.InvalidPlatformException if malformed
     */
    public DockerfileBuild platform(String platform) {
        return platform(Platform.parse(platform));
    }

    public DockerfileBuild platform(Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    /**
     * The names the image gets ({@code latest} when one has no tag).
     *
     * @throws dev.stowage.core.reference.InvalidReferenceException if one is not a valid reference
     * @throws IllegalArgumentException if one holds a digest
     */
    public DockerfileBuild tags(String... names) {
        return tags(Arrays.asList(names));
    }

    public DockerfileBuild tags(Collection<String> names) {
        for (String name : names) {
            ImageReference ref = ImageReference.parse(name);
            if (ref.digest().isPresent()) {
                throw new IllegalArgumentException("cannot tag a build as " + name + ": a tag cannot hold a digest");
            }
            tags.add(ref.withDefaultTag());
        }
        return this;
    }

    /** A label on the image, over any the Dockerfile sets (docker's {@code --label}). */
    public DockerfileBuild label(String key, String value) {
        labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Redoes every step instead of reusing layers of earlier builds (what it makes is still remembered). */
    public DockerfileBuild noCache() {
        this.noCache = true;
        return this;
    }

    /** Where steps, cache hits and warnings are reported. */
    public DockerfileBuild progress(BuildProgress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /** Where {@code SOURCE_DATE_EPOCH} is read from instead of the process environment (a build arg of that name wins over both). */
    public DockerfileBuild environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** How images named by {@code FROM} and {@code COPY --from} get into the store; default: they must be there. */
    public DockerfileBuild baseImages(BaseImageSource source) {
        this.baseImages = Objects.requireNonNull(source, "source");
        return this;
    }

    /** What downloads {@code ADD https://…}; default: none (such an ADD fails, saying so). */
    public DockerfileBuild remoteFiles(RemoteFileFetcher fetcher) {
        this.remoteFiles = Objects.requireNonNull(fetcher, "fetcher");
        return this;
    }

    /** OCI (the default) or Docker media types. */
    public DockerfileBuild format(ImageFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /**
     * How new layers are compressed; by default {@link LayerCompression#adaptiveGzip()}: gzip that
     * stores the already-compressed stretches (a jar's entries) instead of deflating them again.
     */
    public DockerfileBuild compression(LayerCompression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /**
     * Runs the build, writing layers, config and manifest into {@code store} and tagging the
     * image last.
     *
     * @throws InvalidDockerfileException for a Dockerfile or context that cannot be built (naming
     *     the file, line and instruction): a syntax error, a {@code RUN}, a source outside the
     *     context, an unknown stage…; nothing is tagged
     * @throws dev.stowage.core.ImageNotFoundException if a base image is not in the store
     */
    public DockerfileBuildResult build(ImageStore store) {
        return new DockerfileExecutor(this, Objects.requireNonNull(store, "store")).run();
    }

    Path contextDir() {
        return contextDir;
    }

    Optional<Path> dockerfile() {
        return Optional.ofNullable(dockerfile);
    }

    Optional<String> dockerfileContent() {
        return Optional.ofNullable(dockerfileContent);
    }

    Map<String, String> buildArgs() {
        return buildArgs;
    }

    Optional<String> target() {
        return Optional.ofNullable(target);
    }

    Optional<Platform> platform() {
        return Optional.ofNullable(platform);
    }

    List<ImageReference> tags() {
        return tags;
    }

    Map<String, String> labels() {
        return labels;
    }

    boolean noCacheSet() {
        return noCache;
    }

    BuildProgress progress() {
        return progress;
    }

    Map<String, String> environment() {
        return environment != null ? environment : System.getenv();
    }

    BaseImageSource baseImages() {
        return baseImages;
    }

    RemoteFileFetcher remoteFiles() {
        return remoteFiles;
    }

    ImageFormat format() {
        return format;
    }

    LayerCompression compression() {
        return compression;
    }
}
