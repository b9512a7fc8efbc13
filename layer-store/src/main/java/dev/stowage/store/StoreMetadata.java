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
 * which registry repositories each blob is known to come from, and the Dockerfile build cache. Never trusted over the
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

    /** A value a build remembered, and the blobs it is valid only while they are stored. */
    record CacheEntry(byte[] value, Set<Digest> blobs, Instant stored) {
        CacheEntry {
            value = value.clone();
            blobs = Set.copyOf(blobs);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CacheEntry e && java.util.Arrays.equals(value, e.value) && blobs.equals(e.blobs)
                    && stored.equals(e.stored);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value) * 31 + blobs.hashCode();
        }
    }

    /** How many build cache entries are kept; the oldest go first. A build that misses one redoes a step. */
    static final int MAX_CACHE_ENTRIES = 4096;

    private final Map<Digest, Facts> images;
    private final Map<Digest, Set<BlobLocation>> sources;
    private final Map<Digest, CacheEntry> buildCache;

    private StoreMetadata(Map<Digest, Facts> images, Map<Digest, Set<BlobLocation>> sources,
            Map<Digest, CacheEntry> buildCache) {
        this.images = Collections.unmodifiableMap(images);
        this.sources = Collections.unmodifiableMap(sources);
        this.buildCache = Collections.unmodifiableMap(buildCache);
    }

    static StoreMetadata empty() {
        return new StoreMetadata(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    Optional<CacheEntry> cached(Digest key) {
        return Optional.ofNullable(buildCache.get(key));
    }

    /** With {@code entry} under {@code key}, dropping the oldest entries beyond {@link #MAX_CACHE_ENTRIES}. */
    StoreMetadata withCached(Digest key, CacheEntry entry) {
        Map<Digest, CacheEntry> m = new TreeMap<>(buildCache);
        m.put(key, entry);
        if (m.size() > MAX_CACHE_ENTRIES) {
            m.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(CacheEntry::stored)))
                    .limit(m.size() - MAX_CACHE_ENTRIES)
                    .map(Map.Entry::getKey).toList()
                    .forEach(m::remove);
        }
        return new StoreMetadata(new TreeMap<>(images), new TreeMap<>(sources), m);
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
        return new StoreMetadata(m, new TreeMap<>(sources), new TreeMap<>(buildCache));
    }

    StoreMetadata withSource(Digest blob, BlobLocation source) {
        Map<Digest, Set<BlobLocation>> m = new TreeMap<>(sources);
        Set<BlobLocation> s = new LinkedHashSet<>(m.getOrDefault(blob, Set.of()));
        s.add(source);
        m.put(blob, Collections.unmodifiableSet(s));
        return new StoreMetadata(new TreeMap<>(images), m, new TreeMap<>(buildCache));
    }

    /**
     * Drops facts about images and blobs for which {@code keepImage} / {@code keepBlob} say no,
     * and build cache entries depending on a blob {@code keepBlob} says no to.
     */
    StoreMetadata retain(Predicate<Digest> keepImage, Predicate<Digest> keepBlob) {
        Map<Digest, Facts> i = new TreeMap<>(images);
        i.keySet().removeIf(keepImage.negate());
        Map<Digest, Set<BlobLocation>> s = new TreeMap<>(sources);
        s.keySet().removeIf(keepBlob.negate());
        Map<Digest, CacheEntry> c = new TreeMap<>(buildCache);
        c.values().removeIf(e -> !e.blobs().stream().allMatch(keepBlob));
        return new StoreMetadata(i, s, c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreMetadata m && images.equals(m.images) && sources.equals(m.sources)
                && buildCache.equals(m.buildCache);
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
        ObjectNode cache = root.putObject("buildCache");
        buildCache.forEach((key, e) -> {
            ObjectNode o = cache.putObject(key.toString());
            o.put("value", java.util.Base64.getEncoder().encodeToString(e.value()));
            ArrayNode b = o.putArray("blobs");
            e.blobs().stream().map(Digest::toString).sorted().forEach(b::add);
            o.put("stored", e.stored().toString());
        });
        return StoreJson.write(root);
    }

    /** Reads the metadata file; whatever cannot be understood is left out rather than trusted. */
    static StoreMetadata parse(byte[] raw) {
        Map<Digest, Facts> images = new TreeMap<>();
        Map<Digest, Set<BlobLocation>> sources = new TreeMap<>();
        Map<Digest, CacheEntry> buildCache = new TreeMap<>();
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
        for (Map.Entry<String, JsonNode> e : root.path("buildCache").properties()) {
            try {
                JsonNode o = e.getValue();
                Set<Digest> blobs = new LinkedHashSet<>();
                for (JsonNode b : o.path("blobs")) {
                    blobs.add(Digest.parse(b.asText()));
                }
                buildCache.put(Digest.parse(e.getKey()), new CacheEntry(
                        java.util.Base64.getDecoder().decode(o.path("value").asText()), blobs,
                        Instant.parse(o.path("stored").asText())));
            } catch (RuntimeException ignored) {
                // a cache entry that does not parse only costs a build step later, never data
            }
        }
        return new StoreMetadata(images, sources, buildCache);
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
