package dev.stowage.store;

import dev.stowage.core.image.ImageNames;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageConfig;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds {@link ImageRecord}s from the index entries of one store state: groups entries by
 * image, finds each image's ID and config, and adds Stowage's facts (rebuilt from file times
 * when missing). Tolerant: an image whose config cannot be read is still listed. Manifests read
 * once are kept, so finding IDs and then building a record reads each only once.
 */
final class ImageRecords {
    private final StoreEngine store;
    private final Reachability graph;

    ImageRecords(StoreEngine store) {
        this.store = store;
        this.graph = new Reachability(store::manifestBytes);
    }

    /** The index's images, in index order, each with its references. */
    List<ImageRecord> all(LayoutIndex index, StoreMetadata metadata) {
        Map<Digest, List<LayoutIndex.Entry>> byImage = new LinkedHashMap<>();
        index.entries().forEach(e -> byImage.computeIfAbsent(e.digest(), k -> new ArrayList<>()).add(e));
        List<ImageRecord> records = new ArrayList<>();
        byImage.forEach((digest, entries) -> records.add(record(digest, entries, metadata)));
        return records;
    }

    /** The image whose manifest (or index) is {@code digest}, if the index lists it. */
    Optional<ImageRecord> of(LayoutIndex index, Digest digest, StoreMetadata metadata) {
        List<LayoutIndex.Entry> entries = index.entries().stream().filter(e -> e.digest().equals(digest)).toList();
        return entries.isEmpty() ? Optional.empty() : Optional.of(record(digest, entries, metadata));
    }

    /** The image's ID: the digest of its config, or its own digest when it has no single readable config. */
    Digest id(Digest digest) {
        return configLink(digest).map(ManifestLinks.Link::digest).orElse(digest);
    }

    private Optional<ManifestLinks.Link> configLink(Digest digest) {
        return platformManifest(digest).flatMap(m -> graph.links(m, true))
                .filter(l -> !l.isIndex() && !l.links().isEmpty()).map(ManifestLinks::config);
    }

    private ImageRecord record(Digest digest, List<LayoutIndex.Entry> entries, StoreMetadata metadata) {
        Set<ImageReference> refs = new LinkedHashSet<>(); // a set: an image may have hundreds of thousands of tags
        for (LayoutIndex.Entry e : entries) {
            e.refName().flatMap(ImageNames::reference).ifPresent(refs::add);
        }
        Optional<ManifestLinks.Link> configLink = configLink(digest);
        Optional<ImageConfig> config = configLink.flatMap(c -> store.manifestBytes(c.digest())).flatMap(ImageRecords::config);
        Digest id = configLink.map(ManifestLinks.Link::digest).orElse(digest);
        long size = 0;
        for (Digest d : safeClosure(digest)) {
            size += store.blobs.size(d).orElse(0);
        }
        StoreMetadata.Facts facts = metadata.facts(digest).orElseGet(() -> new StoreMetadata.Facts(
                store.blobs.storedAt(digest).orElse(Instant.EPOCH), Optional.empty(), Optional.empty()));
        String mediaType = entries.get(0).mediaType();
        return new ImageRecord(digest, mediaType, id, List.copyOf(refs), config.flatMap(ImageConfig::created), facts.stored(),
                facts.lastTagged(), facts.lastUsed(), size,
                config.map(c -> c.config().labels()).orElse(Map.of()),
                config.map(c -> new Platform(c.os(), c.architecture(), c.variant(), c.osVersion(), c.osFeatures())));
    }

    /**
     * The image manifest that stands for the image: itself, or the only stored platform
     * manifest of an index. Empty for an index with none or several stored.
     */
    private Optional<Digest> platformManifest(Digest digest) {
        Optional<ManifestLinks> links = safeLinks(digest);
        if (links.isEmpty()) {
            return Optional.empty();
        }
        if (!links.get().isIndex()) {
            return Optional.of(digest);
        }
        List<Digest> stored = links.get().links().stream().map(ManifestLinks.Link::digest)
                .filter(store.blobs::has).distinct().toList();
        return stored.size() == 1 ? platformManifest(stored.get(0)) : Optional.empty();
    }

    private Optional<ManifestLinks> safeLinks(Digest d) {
        try {
            return graph.links(d, true);
        } catch (RuntimeException damaged) {
            return Optional.empty(); // listed without details; verify reports it
        }
    }

    private Set<Digest> safeClosure(Digest d) {
        try {
            return graph.fromImage(d);
        } catch (RuntimeException damaged) {
            return Set.of(d);
        }
    }

    private static Optional<ImageConfig> config(byte[] raw) {
        try {
            return Optional.of(ImageConfig.parse(raw));
        } catch (RuntimeException notAnImageConfig) {
            return Optional.empty(); // an artifact or a config Stowage cannot read: listed without details
        }
    }
}
