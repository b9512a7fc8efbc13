package dev.stowage.store;

import dev.stowage.core.image.ImageNames;
import dev.stowage.core.model.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One state of the layout's index as docker's naming rules see it: its images, their names (the
 * {@code org.opencontainers.image.ref.name} annotations) and their IDs, read from the manifests
 * only when a rule asks.
 */
final class IndexNames implements ImageNames.View {
    private final LayoutIndex index;
    private final ImageRecords records;
    /** Image → its names, in index order; built on first use (an image may have hundreds of thousands). */
    private Map<Digest, List<String>> names;

    IndexNames(LayoutIndex index, ImageRecords records) {
        this.index = index;
        this.records = records;
    }

    @Override
    public List<Digest> images() {
        return List.copyOf(names().keySet());
    }

    @Override
    public Digest id(Digest image) {
        return records.id(image);
    }

    @Override
    public Optional<Digest> named(String name) {
        return index.byRefName(name).map(LayoutIndex.Entry::digest);
    }

    @Override
    public List<String> names(Digest image) {
        return names().getOrDefault(image, List.of());
    }

    private Map<Digest, List<String>> names() {
        if (names == null) {
            names = new LinkedHashMap<>();
            for (LayoutIndex.Entry e : index.entries()) {
                List<String> of = names.computeIfAbsent(e.digest(), d -> new ArrayList<>());
                e.refName().ifPresent(of::add);
            }
        }
        return names;
    }
}
