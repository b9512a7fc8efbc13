package dev.stowage.core;

import dev.stowage.core.image.ImageGraph;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ImageConfig.HistoryLayer;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image's build history as {@code docker history} shows it: from the config's history
 * paired with its layers, newest step first, steps that made no layer at 0 bytes.
 *
 * <pre>{@code
 * for (ImageHistory.Step step : images.history("app:1").call().steps()) {
 *     System.out.println(step.createdBy() + "  " + step.size());
 * }
 * }</pre>
 */
public final class HistoryRequest {
    private final ImageStore store;
    private final String reference;

    HistoryRequest(ImageStore store, String reference) {
        this.store = store;
        this.reference = reference;
    }

    /**
     * @throws dev.stowage.core.ImageNotFoundException if no image matches
     * @throws StowageException if the image's config cannot be read
     */
    public ImageHistory call() {
        ImageRecord image = InspectRequest.find(store, reference);
        ImageGraph.Resolved resolved = new ImageGraph(store).resolve(image);
        List<Descriptor> layers = resolved.manifest().layers();
        List<ImageHistory.Step> steps = new ArrayList<>();
        int layer = 0;
        for (HistoryLayer h : resolved.config().historyWithLayers()) {
            long size = 0;
            if (h.diffId().isPresent()) {
                size = layer < layers.size() ? layers.get(layer).size() : 0;
                layer++;
            }
            steps.add(new ImageHistory.Step(Optional.empty(), h.entry().created(), h.entry().createdBy(), size,
                    h.entry().comment(), h.diffId()));
        }
        Collections.reverse(steps);
        if (!steps.isEmpty()) {
            ImageHistory.Step newest = steps.get(0);
            steps.set(0, new ImageHistory.Step(Optional.of(image.id()), newest.created(), newest.createdBy(),
                    newest.size(), newest.comment(), newest.layer()));
        }
        return new ImageHistory(image.id(), steps);
    }
}
