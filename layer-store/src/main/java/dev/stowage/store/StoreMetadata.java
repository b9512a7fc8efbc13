package dev.stowage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobLocation;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Stowage's own facts beside the layout: when each image was stored, last tagged and last used,
 * and which registry repositories each blob is known to come from. Never trusted over the
 * layout: facts about images no longer in the index are dropped, and an unreadable file is
 * treated as empty (the facts are then rebuilt from file times).
 */
final class StoreMetadata {
    /** Per-image facts. */
    record Facts(Instant stored, Optional<Instant> lastTagged, Optional<Instant> lastUsed) {
        Facts tagged(Instant when) {
            return new Facts(stored, Optional.of(when), lastUsed);
        }

        Facts used(Instant when) {
            return new Facts(stored, lastTagged, Optional.of(when));
        }
    }

    private final Map<Digest, Facts> images;
    private final Map<Digest, Set<BlobLocation>> sources;

    private StoreMetadata(Map<Digest, Facts> images, Map<Digest, Set<BlobLocation>> sources) {
        this.images = Collections.unmodifiableMap(images);
        this.sources = Collections.unmodifiableMap(sources);
    }

    static StoreMetadata empty() {
        return new StoreMetadata(new TreeMap<>(), new TreeMap<>());
    }

    Optional<Facts> facts(Digest image) {
        return Optional.ofNullable(images.get(image));
    }

    Map<Digest, Facts> images() {
        return images;
    }

    Set<BlobLocation> sources(Digest blob) {
        return sources.getOrDefault(blob, Set.of());
    }

    StoreMetadata withFacts(Digest image, Facts facts) {
        Map<Digest, Facts> m = new TreeMap<>(images);
        m.put(image, facts);
        return new StoreMetadata(m, new TreeMap<>(sources));
    }

    StoreMetadata withSource(Digest blob, BlobLocation source) {
        Map<Digest, Set<BlobLocation>> m = new TreeMap<>(sources);
        Set<BlobLocation> s = new LinkedHashSet<>(m.getOrDefault(blob, Set.of()));
        s.add(source);
        m.put(blob, Collections.unmodifiableSet(s));
        return new StoreMetadata(new TreeMap<>(images), m);
    }

    /** Drops facts about images and blobs for which {@code keepImage} / {@code keepBlob} say no. */
    StoreMetadata retain(Predicate<Digest> keepImage, Predicate<Digest> keepBlob) {
        Map<Digest, Facts> i = new TreeMap<>(images);
        i.keySet().removeIf(keepImage.negate());
        Map<Digest, Set<BlobLocation>> s = new TreeMap<>(sources);
        s.keySet().removeIf(keepBlob.negate());
        return new StoreMetadata(i, s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreMetadata m && images.equals(m.images) && sources.equals(m.sources);
    }

    @Override
    public int hashCode() {
        return images.hashCode() * 31 + sources.hashCode();
    }

    byte[] toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", 1);
        ObjectNode im = root.putObject("images");
        images.forEach((d, f) -> {
            ObjectNode o = im.putObject(d.toString());
            o.put("stored", f.stored().toString());
            f.lastTagged().ifPresent(t -> o.put("lastTagged", t.toString()));
            f.lastUsed().ifPresent(t -> o.put("lastUsed", t.toString()));
        });
        ObjectNode src = root.putObject("sources");
        sources.forEach((d, set) -> {
            ArrayNode a = src.putArray(d.toString());
            set.forEach(s -> a.addObject().put("registry", s.registry()).put("repository", s.repository()));
        });
        return StoreJson.write(root);
    }

    /** Reads the metadata file; whatever cannot be understood is left out rather than trusted. */
    static StoreMetadata parse(byte[] raw) {
        Map<Digest, Facts> images = new TreeMap<>();
        Map<Digest, Set<BlobLocation>> sources = new TreeMap<>();
        JsonNode root;
        try {
            root = StoreJson.MAPPER.readTree(raw);
        } catch (java.io.IOException e) {
            return empty();
        }
        if (root == null || !root.isObject()) {
            return empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("images").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                JsonNode o = e.getValue();
                images.put(Digest.parse(e.getKey()), new Facts(Instant.parse(o.path("stored").asText()),
                        optionalInstant(o.get("lastTagged")), optionalInstant(o.get("lastUsed"))));
            } catch (RuntimeException ignored) {
                // an entry that does not parse is rebuilt from the layout instead
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                Set<BlobLocation> set = new LinkedHashSet<>();
                for (JsonNode s : e.getValue()) {
                    if (s.path("registry").isTextual() && s.path("repository").isTextual()) {
                        set.add(new BlobLocation(s.get("registry").asText(), s.get("repository").asText()));
                    }
                }
                sources.put(Digest.parse(e.getKey()), Collections.unmodifiableSet(set));
            } catch (RuntimeException ignored) {
                // a source list that does not parse only costs a mount later, never data
            }
        }
        return new StoreMetadata(images, sources);
    }

    /** Whether {@code raw} is a metadata document at all (its entries may still be partly unusable). */
    static boolean readable(byte[] raw) {
        try {
            JsonNode root = StoreJson.MAPPER.readTree(raw);
            return root != null && root.isObject();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Optional<Instant> optionalInstant(JsonNode n) {
        return n == null || !n.isTextual() ? Optional.empty() : Optional.of(Instant.parse(n.asText()));
    }
}
