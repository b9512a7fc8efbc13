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
     * indents it. {@code Config} holds the config's {@code config} object as stored, so members
     * Stowage does not model ({@code Healthcheck}, {@code OnBuild}…) are shown too.
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
        JsonNode config = raw.get("config");
        o.set("Config", config != null && config.isObject() ? config : f.objectNode());
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

    private ObjectNode rawConfig() {
        try {
            return (ObjectNode) MAPPER.readTree(imageConfig.raw());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read config " + imageConfig.digest(), e); // it parsed before
        }
    }
}
