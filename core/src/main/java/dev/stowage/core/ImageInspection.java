package dev.stowage.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.image.DockerJson;
import dev.stowage.core.model.ContainerConfig;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.HistoryEntry;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.RootFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code docker image inspect} shows about an image, with docker's field names in
 * {@link #toJson()}: {@code Id}, {@code RepoTags}, {@code RepoDigests}, {@code Parent},
 * {@code Comment}, {@code Created}, {@code DockerVersion}, {@code Author}, {@code Config},
 * {@code Architecture}, {@code Variant}, {@code Os}, {@code OsVersion}, {@code Size},
 * {@code RootFS} ({@code Type}, {@code Layers}) and {@code Metadata.LastTagTime}.
 *
 * @param id the image ID (config digest)
 * @param digest the manifest (or index) digest the store keeps the image under
 * @param repoTags the tags in familiar form ({@code nginx:1.21})
 * @param repoDigests the digest names in familiar form ({@code nginx@sha256:…}): one per repository the image is named in
 * @param size bytes of every stored blob the image references
 * @param lastTagTime when a tag was last added to the image, if known
 * @param imageConfig the image's config (for an index, of the platform chosen for this machine)
 */
public record ImageInspection(Digest id, Digest digest, List<String> repoTags, List<String> repoDigests, long size,
                              Optional<Instant> lastTagTime, ImageConfig imageConfig) {
    /** Go's zero time, which docker prints for a time it does not know. */
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ImageInspection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(digest, "digest");
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        Objects.requireNonNull(lastTagTime, "lastTagTime");
        Objects.requireNonNull(imageConfig, "imageConfig");
    }

    /** Always {@code ""}: images pulled or built as OCI images have no parent image. */
    public String parent() {
        return "";
    }

    /** The config's {@code comment}, else the comment of its last history step ({@code buildkit.dockerfile.v0}…). */
    public String comment() {
        String comment = rawConfig().path("comment").asText("");
        if (!comment.isEmpty()) {
            return comment;
        }
        List<HistoryEntry> history = imageConfig.history();
        return history.isEmpty() ? "" : history.get(history.size() - 1).comment();
    }

    public Optional<Instant> created() {
        return imageConfig.created();
    }

    public String author() {
        return imageConfig.author();
    }

    public String architecture() {
        return imageConfig.architecture();
    }

    public Optional<String> variant() {
        return imageConfig.variant();
    }

    public String os() {
        return imageConfig.os();
    }

    /** The run defaults: {@code Env}, {@code Cmd}, {@code Entrypoint}, {@code Labels}… */
    public ContainerConfig config() {
        return imageConfig.config();
    }

    public RootFs rootFs() {
        return imageConfig.rootfs();
    }

    /**
     * The JSON object {@code docker image inspect} prints for the image, indented as docker
     * indents it, with every field docker's has, as docker's for the same image ({@code Config}
     * is docker's {@code container.Config}, see {@link #dockerConfig}); docker's
     * {@code GraphDriver}, which names the daemon's storage, is left out.
     */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode raw = rawConfig();
        ObjectNode o = f.objectNode();
        o.put("Id", id.toString());
        ArrayNode tags = o.putArray("RepoTags");
        repoTags.forEach(tags::add);
        ArrayNode digests = o.putArray("RepoDigests");
        repoDigests.forEach(digests::add);
        o.put("Parent", parent());
        o.put("Comment", comment());
        JsonNode created = raw.get("created");
        if (created != null && created.isTextual()) {
            o.put("Created", created.asText()); // as written: docker shows the config's own text
        }
        o.put("DockerVersion", raw.path("docker_version").asText(""));
        o.put("Author", author());
        o.set("Config", dockerConfig(raw.path("config")));
        o.put("Architecture", architecture());
        variant().ifPresent(v -> o.put("Variant", v));
        o.put("Os", os());
        imageConfig.osVersion().ifPresent(v -> o.put("OsVersion", v));
        o.put("Size", size);
        ObjectNode rootFs = o.putObject("RootFS");
        rootFs.put("Type", rootFs().type());
        ArrayNode layers = rootFs.putArray("Layers");
        rootFs().diffIds().forEach(d -> layers.add(d.toString()));
        o.putObject("Metadata").put("LastTagTime", lastTagTime.map(DockerJson::rfc3339Nano).orElse(GO_ZERO_TIME));
        return DockerJson.indented(o);
    }

    /**
     * The image config's {@code config} as docker shows it: the fields of its {@code container.Config}
     * in its order, each there even when the image does not set it ({@code ""}, {@code false},
     * {@code null} for a list or map), those docker omits when empty ({@code ExposedPorts},
     * {@code Healthcheck}, {@code ArgsEscaped}, {@code StopSignal}, {@code Shell}…) only when set;
     * members docker does not know are left out, as docker leaves them out.
     */
    static ObjectNode dockerConfig(JsonNode config) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("Hostname", text(config, "Hostname"));
        c.put("Domainname", text(config, "Domainname"));
        c.put("User", text(config, "User"));
        c.put("AttachStdin", bool(config, "AttachStdin"));
        c.put("AttachStdout", bool(config, "AttachStdout"));
        c.put("AttachStderr", bool(config, "AttachStderr"));
        JsonNode ports = config.get("ExposedPorts");
        if (ports != null && ports.isObject() && !ports.isEmpty()) {
            c.set("ExposedPorts", ports);
        }
        c.put("Tty", bool(config, "Tty"));
        c.put("OpenStdin", bool(config, "OpenStdin"));
        c.put("StdinOnce", bool(config, "StdinOnce"));
        c.set("Env", strings(config, "Env"));
        c.set("Cmd", strings(config, "Cmd"));
        JsonNode healthcheck = config.get("Healthcheck");
        if (healthcheck != null && healthcheck.isObject()) {
            c.set("Healthcheck", healthcheck);
        }
        if (bool(config, "ArgsEscaped")) {
            c.put("ArgsEscaped", true);
        }
        c.put("Image", text(config, "Image"));
        c.set("Volumes", map(config, "Volumes"));
        c.put("WorkingDir", text(config, "WorkingDir"));
        c.set("Entrypoint", strings(config, "Entrypoint"));
        if (bool(config, "NetworkDisabled")) {
            c.put("NetworkDisabled", true);
        }
        if (!text(config, "MacAddress").isEmpty()) {
            c.put("MacAddress", text(config, "MacAddress"));
        }
        c.set("OnBuild", strings(config, "OnBuild"));
        c.set("Labels", map(config, "Labels"));
        if (!text(config, "StopSignal").isEmpty()) {
            c.put("StopSignal", text(config, "StopSignal"));
        }
        JsonNode stopTimeout = config.get("StopTimeout");
        if (stopTimeout != null && stopTimeout.isIntegralNumber()) {
            c.set("StopTimeout", stopTimeout);
        }
        JsonNode shell = strings(config, "Shell");
        if (!shell.isNull()) {
            c.set("Shell", shell);
        }
        return c;
    }

    private static String text(JsonNode config, String field) {
        JsonNode v = config.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static boolean bool(JsonNode config, String field) {
        JsonNode v = config.get(field);
        return v != null && v.isBoolean() && v.asBoolean();
    }

    /** A list of strings ({@code ImageConfig.parse} accepted only lists); {@code null} when absent, as Go's nil slice. */
    private static JsonNode strings(JsonNode config, String field) {
        JsonNode v = config.get(field);
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null || !v.isArray()) {
            return f.nullNode();
        }
        ArrayNode list = f.arrayNode();
        v.forEach(item -> list.add(item.isTextual() ? item.asText() : item.toString()));
        return list;
    }

    private static JsonNode map(JsonNode config, String field) {
        JsonNode v = config.get(field);
        return v != null && v.isObject() ? v : JsonNodeFactory.instance.nullNode();
    }

    private ObjectNode rawConfig() {
        try {
            return (ObjectNode) MAPPER.readTree(imageConfig.raw());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read config " + imageConfig.digest(), e); // it parsed before
        }
    }
}
