package dev.stowage.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image configuration ({@code application/vnd.oci.image.config.v1+json} or docker's
 * {@code application/vnd.docker.container.image.v1+json}): platform, run defaults, layer
 * DiffIDs and build history. Its {@link #digest()} is the image ID docker shows.
 *
 * <p>The bytes are kept as received; every accessor reads from them, and members this class does
 * not model ({@code container_config}, {@code Healthcheck}, {@code OnBuild}, vendor fields…)
 * survive {@link #toBuilder()} untouched.
 *
 * <pre>{@code
 * ImageConfig config = ImageConfig.parse(bytes);          // InvalidManifestException if invalid
 * config.config().env();                                  // [PATH=/usr/local/sbin:…]
 * ImageConfig next = config.toBuilder()
 *         .addLayer(diffId, new HistoryEntry(Optional.of(now), "COPY app /app", "", "", false))
 *         .label("org.opencontainers.image.version", "1.2")
 *         .build();                                       // canonical bytes, new digest
 * }</pre>
 */
public final class ImageConfig {
    private static final FieldReader FIELDS = new FieldReader("image config", FieldReader.Dialect.CONFIG);
    /** {@code port}, {@code port/proto} or a range {@code from-to[/proto]}, as docker's nat package writes them. */
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?(?:/(tcp|udp|sctp))?");

    private final byte[] raw;
    private final Digest digest;
    private final ObjectNode tree;
    private final String architecture;
    private final String os;
    private final Optional<String> variant;
    private final Optional<String> osVersion;
    private final List<String> osFeatures;
    private final Optional<Instant> created;
    private final String author;
    private final ContainerConfig config;
    private final RootFs rootfs;
    private final List<HistoryEntry> history;

    private ImageConfig(byte[] raw, ObjectNode tree) {
        this.raw = raw;
        this.digest = Digest.sha256(raw);
        this.tree = tree;
        this.architecture = FIELDS.nonEmptyString(FIELDS.required(tree, "", "architecture"), "architecture");
        this.os = FIELDS.nonEmptyString(FIELDS.required(tree, "", "os"), "os");
        this.variant = FIELDS.optionalString(tree, "", "variant");
        this.osVersion = FIELDS.optionalString(tree, "", "os.version");
        this.osFeatures = FIELDS.stringList(tree, "", "os.features");
        this.created = FIELDS.optional(tree, "created").map(v -> FIELDS.dateTime(v, "created"));
        this.author = FIELDS.optionalString(tree, "", "author").orElse("");
        this.config = FIELDS.optional(tree, "config").map(ImageConfig::readContainerConfig).orElse(ContainerConfig.EMPTY);
        this.rootfs = readRootFs(FIELDS.required(tree, "", "rootfs"));
        this.history = FIELDS.optional(tree, "history").map(ImageConfig::readHistory).orElse(List.of());
    }

    /**
     * Parses and validates an image config against image-spec config.md and its JSON schema.
     *
     * @throws InvalidManifestException naming the offending field, e.g. {@code rootfs.diff_ids[2]}
     */
    public static ImageConfig parse(byte[] raw) {
        byte[] copy = raw == null ? null : raw.clone();
        return new ImageConfig(copy, (ObjectNode) Json.readObject(copy, "image config"));
    }

    private static ContainerConfig readContainerConfig(JsonNode node) {
        FIELDS.object(node, "config");
        List<String> env = FIELDS.stringList(node, "config", "Env");
        for (int i = 0; i < env.size(); i++) {
            // the image-spec validator's rule ^[^=]+=.*$; the entry is not quoted, it may hold a secret
            if (env.get(i).indexOf('=') < 1) {
                throw FIELDS.invalid("config.Env[" + i + "]", "must have the form NAME=value");
            }
        }
        Set<String> ports = FIELDS.keySet(node, "config", "ExposedPorts");
        for (String port : ports) {
            checkPort(port);
        }
        return new ContainerConfig(
                FIELDS.optionalString(node, "config", "User").orElse(""),
                env,
                FIELDS.stringList(node, "config", "Entrypoint"),
                FIELDS.stringList(node, "config", "Cmd"),
                FIELDS.optionalString(node, "config", "WorkingDir").orElse(""),
                FIELDS.stringMap(node, "config", "Labels"),
                ports,
                FIELDS.keySet(node, "config", "Volumes"),
                FIELDS.optionalString(node, "config", "StopSignal").orElse(""),
                FIELDS.flag(node, "config", "ArgsEscaped"),
                FIELDS.optional(node, "Healthcheck").map(ImageConfig::readHealthcheck),
                FIELDS.stringList(node, "config", "Shell"),
                FIELDS.stringList(node, "config", "OnBuild"));
    }

    /** Docker's HealthcheckConfig: durations in nanoseconds, absent members zero, as Go reads them. */
    private static Healthcheck readHealthcheck(JsonNode node) {
        String path = "config.Healthcheck";
        FIELDS.object(node, path);
        long retries = FIELDS.optional(node, "Retries").map(v -> FIELDS.integer(v, path + ".Retries")).orElse(0L);
        if (retries < Integer.MIN_VALUE || retries > Integer.MAX_VALUE) {
            throw FIELDS.invalid(path + ".Retries", "does not fit in an int");
        }
        return new Healthcheck(FIELDS.stringList(node, path, "Test"), nanos(node, path, "Interval"),
                nanos(node, path, "Timeout"), nanos(node, path, "StartPeriod"), nanos(node, path, "StartInterval"),
                (int) retries);
    }

    private static Duration nanos(JsonNode node, String path, String name) {
        return Duration.ofNanos(FIELDS.optional(node, name).map(v -> FIELDS.integer(v, path + "." + name)).orElse(0L));
    }

    private static void checkPort(String port) {
        Matcher m = PORT.matcher(port);
        boolean valid = m.matches() && Integer.parseInt(m.group(1)) <= 65535
                && (m.group(2) == null || (Integer.parseInt(m.group(2)) <= 65535
                        && Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2))));
        if (!valid) {
            throw FIELDS.invalid(FIELDS.entry("config.ExposedPorts", port),
                    "must be a port (0-65535) or range, optionally with /tcp, /udp or /sctp, e.g. 8080/tcp");
        }
    }

    private static RootFs readRootFs(JsonNode node) {
        FIELDS.object(node, "rootfs");
        String type = FIELDS.string(FIELDS.required(node, "rootfs", "type"), "rootfs.type");
        if (!type.equals(RootFs.LAYERS)) {
            throw FIELDS.invalid("rootfs.type", "must be \"layers\", got \"" + type + "\"");
        }
        List<JsonNode> diffIds = FIELDS.array(FIELDS.required(node, "rootfs", "diff_ids"), "rootfs.diff_ids");
        List<Digest> digests = new ArrayList<>(diffIds.size());
        for (int i = 0; i < diffIds.size(); i++) {
            digests.add(FIELDS.digest(diffIds.get(i), "rootfs.diff_ids[" + i + "]"));
        }
        return new RootFs(type, digests);
    }

    private static List<HistoryEntry> readHistory(JsonNode node) {
        List<JsonNode> array = FIELDS.array(node, "history");
        List<HistoryEntry> entries = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            entries.add(readHistoryEntry(array.get(i), "history[" + i + "]"));
        }
        return List.copyOf(entries);
    }

    private static HistoryEntry readHistoryEntry(JsonNode node, String path) {
        FIELDS.object(node, path);
        return new HistoryEntry(
                FIELDS.optional(node, "created").map(v -> FIELDS.dateTime(v, FieldReader.child(path, "created"))),
                FIELDS.optionalString(node, path, "created_by").orElse(""),
                FIELDS.optionalString(node, path, "author").orElse(""),
                FIELDS.optionalString(node, path, "comment").orElse(""),
                FIELDS.flag(node, path, "empty_layer"));
    }

    /** A builder for a new config; {@code architecture} and {@code os} must be set before {@link Builder#build()}. */
    public static Builder builder() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        ObjectNode rootfs = tree.putObject("rootfs");
        rootfs.put("type", RootFs.LAYERS);
        rootfs.putArray("diff_ids");
        return new Builder(tree);
    }

    /** A builder starting from this config, unknown members included. */
    public Builder toBuilder() {
        return new Builder(tree.deepCopy());
    }

    /** A copy of the bytes as received (or as written by the builder). */
    public byte[] raw() {
        return raw.clone();
    }

    /** SHA-256 of {@link #raw()}: the image ID. */
    public Digest digest() {
        return digest;
    }

    /** Length of {@link #raw()} in bytes, as a descriptor of this config states it. */
    public long size() {
        return raw.length;
    }

    public String architecture() {
        return architecture;
    }

    public String os() {
        return os;
    }

    public Optional<String> variant() {
        return variant;
    }

    /** {@code os.version}, set by Windows images. */
    public Optional<String> osVersion() {
        return osVersion;
    }

    /** {@code os.features}, set by Windows images; empty when absent. */
    public List<String> osFeatures() {
        return osFeatures;
    }

    public Optional<Instant> created() {
        return created;
    }

    /** The author, {@code ""} when absent. */
    public String author() {
        return author;
    }

    /** The run defaults; all empty when the document has no {@code config}. */
    public ContainerConfig config() {
        return config;
    }

    public RootFs rootfs() {
        return rootfs;
    }

    public List<HistoryEntry> history() {
        return history;
    }

    /**
     * The history paired with the layers: the n-th entry without {@code empty_layer} belongs to
     * the n-th DiffID. The spec expects exactly as many such entries as DiffIDs, but real images
     * break the rule, so neither side is dropped: surplus entries get no DiffID, and surplus
     * layers are appended with an empty entry.
     */
    public List<HistoryLayer> historyWithLayers() {
        List<Digest> diffIds = rootfs.diffIds();
        List<HistoryLayer> paired = new ArrayList<>(Math.max(history.size(), diffIds.size()));
        int next = 0;
        for (HistoryEntry entry : history) {
            boolean hasLayer = !entry.emptyLayer() && next < diffIds.size();
            paired.add(new HistoryLayer(entry, hasLayer ? Optional.of(diffIds.get(next++)) : Optional.empty()));
        }
        while (next < diffIds.size()) {
            paired.add(new HistoryLayer(new HistoryEntry(Optional.empty(), "", "", "", false), Optional.of(diffIds.get(next++))));
        }
        return List.copyOf(paired);
    }

    /** Whether the entries without {@code empty_layer} are exactly as many as the DiffIDs, as the spec expects. */
    public boolean historyMatchesLayers() {
        return history.stream().filter(h -> !h.emptyLayer()).count() == rootfs.diffIds().size();
    }

    /** A history entry and the DiffID of the layer it created, if it created one. */
    public record HistoryLayer(HistoryEntry entry, Optional<Digest> diffId) {
        public HistoryLayer {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(diffId, "diffId");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageConfig other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ImageConfig[" + digest + " " + os + "/" + architecture + variant.map(v -> "/" + v).orElse("") + "]";
    }

    /**
     * Sets the members Stowage models on a JSON tree that keeps every other member, then writes
     * it once as canonical JSON (compact, keys sorted). Setting {@code null} removes a member.
     * {@link #build()} validates the result like {@link ImageConfig#parse(byte[])} does.
     *
     * <p>{@code created} is written in UTC as Go writes it ({@code 2024-01-02T03:04:05Z}, a
     * fraction only when non-zero), so the same inputs always give the same digest.
     */
    public static final class Builder {
        private final ObjectNode tree;

        private Builder(ObjectNode tree) {
            this.tree = tree;
        }

        public Builder architecture(String architecture) {
            return set(tree, "architecture", architecture);
        }

        public Builder os(String os) {
            return set(tree, "os", os);
        }

        public Builder variant(String variant) {
            return set(tree, "variant", variant);
        }

        public Builder author(String author) {
            return set(tree, "author", author);
        }

        /** @throws IllegalArgumentException if the year is outside 0000–9999 */
        public Builder created(Instant created) {
            return set(tree, "created", created == null ? null : Rfc3339.format(created));
        }

        public Builder user(String user) {
            return set(config(), "User", user);
        }

        public Builder workingDir(String workingDir) {
            return set(config(), "WorkingDir", workingDir);
        }

        public Builder stopSignal(String stopSignal) {
            return set(config(), "StopSignal", stopSignal);
        }

        /** Replaces the environment; entries are {@code NAME=value}. */
        public Builder env(List<String> env) {
            return setStrings("Env", env);
        }

        /** Sets one variable, replacing an entry with the same name in place, as {@code ENV} does. */
        public Builder env(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            ArrayNode env = array(config(), "Env");
            String entry = name + "=" + value;
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).asText().startsWith(name + "=")) {
                    env.set(i, entry);
                    return this;
                }
            }
            env.add(entry);
            return this;
        }

        /** The shell that shell-form commands run with ({@code SHELL}); {@code null} removes it. */
        public Builder shell(List<String> shell) {
            return setStrings("Shell", shell);
        }

        /** The triggers a build from this image runs first ({@code ONBUILD}); {@code null} removes them. */
        public Builder onBuild(List<String> triggers) {
            return setStrings("OnBuild", triggers);
        }

        /**
         * The health check, written as Docker writes it (durations in nanoseconds, zero members
         * omitted); {@code null} removes it.
         */
        public Builder healthcheck(Healthcheck healthcheck) {
            if (healthcheck == null) {
                config().remove("Healthcheck");
                return this;
            }
            ObjectNode node = config().putObject("Healthcheck");
            ArrayNode test = node.putArray("Test");
            healthcheck.test().forEach(test::add);
            putNanos(node, "Interval", healthcheck.interval());
            putNanos(node, "Timeout", healthcheck.timeout());
            putNanos(node, "StartPeriod", healthcheck.startPeriod());
            putNanos(node, "StartInterval", healthcheck.startInterval());
            if (healthcheck.retries() != 0) {
                node.put("Retries", healthcheck.retries());
            }
            return this;
        }

        private static void putNanos(ObjectNode node, String key, Duration duration) {
            if (!duration.isZero()) {
                node.put(key, duration.toNanos());
            }
        }

        public Builder entrypoint(List<String> entrypoint) {
            return setStrings("Entrypoint", entrypoint);
        }

        public Builder cmd(List<String> cmd) {
            return setStrings("Cmd", cmd);
        }

        /** Replaces all labels. */
        public Builder labels(Map<String, String> labels) {
            if (labels == null) {
                config().remove("Labels");
                return this;
            }
            ObjectNode node = config().putObject("Labels");
            labels.forEach(node::put);
            return this;
        }

        public Builder label(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            object(config(), "Labels").put(key, value);
            return this;
        }

        /** Replaces the exposed ports: {@code 8080/tcp}, {@code 53/udp}, or a bare port for TCP. */
        public Builder exposedPorts(Set<String> ports) {
            return setKeySet("ExposedPorts", ports);
        }

        public Builder exposedPort(String port) {
            object(config(), "ExposedPorts").putObject(Objects.requireNonNull(port, "port"));
            return this;
        }

        public Builder volumes(Set<String> volumes) {
            return setKeySet("Volumes", volumes);
        }

        public Builder volume(String path) {
            object(config(), "Volumes").putObject(Objects.requireNonNull(path, "path"));
            return this;
        }

        /** Replaces the layer DiffIDs (digests of the uncompressed layer tars). */
        public Builder diffIds(List<Digest> diffIds) {
            ArrayNode array = rootfs().putArray("diff_ids");
            diffIds.forEach(d -> array.add(d.toString()));
            return this;
        }

        /** Appends a layer and the history entry that created it, keeping the two in step. */
        public Builder addLayer(Digest diffId, HistoryEntry entry) {
            if (entry.emptyLayer()) {
                throw new IllegalArgumentException("the history entry of a layer cannot be marked empty_layer");
            }
            array(rootfs(), "diff_ids").add(diffId.toString());
            return addHistory(entry);
        }

        /** Appends a history entry; use {@link #addLayer} for one that created a layer. */
        public Builder addHistory(HistoryEntry entry) {
            array(tree, "history").add(toNode(entry));
            return this;
        }

        /**
         * Replaces the history. An entry equal to one already present is written from that
         * entry's JSON, so members of history entries this class does not model survive.
         */
        public Builder history(List<HistoryEntry> entries) {
            Map<HistoryEntry, Deque<JsonNode>> existing = new HashMap<>();
            JsonNode current = tree.path("history");
            if (current.isArray()) {
                for (int i = 0; i < current.size(); i++) {
                    existing.computeIfAbsent(readHistoryEntry(current.get(i), "history[" + i + "]"), k -> new ArrayDeque<>())
                            .add(current.get(i));
                }
            }
            ArrayNode array = tree.putArray("history");
            for (HistoryEntry entry : entries) {
                Deque<JsonNode> same = existing.get(entry);
                array.add(same == null || same.isEmpty() ? toNode(entry) : same.poll());
            }
            return this;
        }

        /**
         * Writes the config once as canonical bytes.
         *
         * @throws InvalidManifestException if the result is not a valid image config (no
         *     architecture or os, an {@code Env} entry without {@code =}, a malformed port…)
         */
        public ImageConfig build() {
            return parse(Json.writeSorted(tree));
        }

        private static ObjectNode toNode(HistoryEntry entry) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            entry.created().ifPresent(t -> node.put("created", Rfc3339.format(t)));
            // omitted when empty, as Go's omitempty does
            putIfNotEmpty(node, "created_by", entry.createdBy());
            putIfNotEmpty(node, "author", entry.author());
            putIfNotEmpty(node, "comment", entry.comment());
            if (entry.emptyLayer()) {
                node.put("empty_layer", true);
            }
            return node;
        }

        private static void putIfNotEmpty(ObjectNode node, String key, String value) {
            if (!value.isEmpty()) {
                node.put(key, value);
            }
        }

        private Builder set(ObjectNode node, String key, String value) {
            if (value == null) {
                node.remove(key);
            } else {
                node.put(key, value);
            }
            return this;
        }

        private Builder setStrings(String key, List<String> values) {
            if (values == null) {
                config().remove(key);
                return this;
            }
            ArrayNode array = config().putArray(key);
            values.forEach(v -> array.add(Objects.requireNonNull(v, key + " entry")));
            return this;
        }

        private Builder setKeySet(String key, Set<String> keys) {
            if (keys == null) {
                config().remove(key);
                return this;
            }
            ObjectNode node = config().putObject(key);
            keys.forEach(node::putObject);
            return this;
        }

        private ObjectNode config() {
            return object(tree, "config");
        }

        private ObjectNode rootfs() {
            return object(tree, "rootfs");
        }

        /** The object member {@code key}, created in place of an absent or null one. */
        private static ObjectNode object(ObjectNode parent, String key) {
            JsonNode node = parent.get(key);
            return node instanceof ObjectNode o ? o : parent.putObject(key);
        }

        private static ArrayNode array(ObjectNode parent, String key) {
            JsonNode node = parent.get(key);
            return node instanceof ArrayNode a ? a : parent.putArray(key);
        }
    }
}
