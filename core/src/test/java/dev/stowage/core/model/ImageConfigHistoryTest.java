package dev.stowage.core.model;

import static dev.stowage.core.model.ImageConfigDocumentsTest.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pairing history entries with the layers they created. */
class ImageConfigHistoryTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private static ImageConfig config(String diffIds, String history) {
        return ImageConfig.parse(("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + diffIds + "]},\"history\":[" + history + "]}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<Optional<Digest>> diffIdsOf(ImageConfig config) {
        return config.historyWithLayers().stream().map(ImageConfig.HistoryLayer::diffId).toList();
    }

    @Test
    void entriesWithoutEmptyLayerTakeTheDiffIdsInOrder() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-01.json"));
        List<Digest> diffIds = config.rootfs().diffIds();
        assertEquals(List.of(Optional.of(diffIds.get(0)), Optional.empty(), Optional.of(diffIds.get(1))), diffIdsOf(config));
        assertEquals(config.history(), config.historyWithLayers().stream().map(ImageConfig.HistoryLayer::entry).toList());
    }

    @Test
    void aDockerBuiltHistoryMatchesItsLayers() {
        assertTrue(ImageConfig.parse(document("oci-config-valid-04.json")).historyMatchesLayers());
    }

    @Test
    void layersWithoutHistoryGetAnEmptyEntry() {
        ImageConfig config = config("\"" + A + "\",\"" + B + "\"", "{\"created_by\":\"ADD a\"}");
        assertEquals(List.of(Optional.of(Digest.parse(A)), Optional.of(Digest.parse(B))), diffIdsOf(config));
        assertEquals(new HistoryEntry(Optional.empty(), "", "", "", false), config.historyWithLayers().get(1).entry());
        assertFalse(config.historyMatchesLayers());
    }

    @Test
    void entriesBeyondTheLayersGetNoDiffId() {
        ImageConfig config = config("\"" + A + "\"", "{\"created_by\":\"ADD a\"},{\"created_by\":\"ADD b\"}");
        assertEquals(List.of(Optional.of(Digest.parse(A)), Optional.empty()), diffIdsOf(config));
        assertFalse(config.historyMatchesLayers());
    }

    @Test
    void noHistoryPairsEveryLayerWithAnEmptyEntry() {
        ImageConfig config = ImageConfig.parse(document("oci-config-valid-03.json"));
        assertEquals(1, config.historyWithLayers().size());
        assertFalse(config.historyMatchesLayers());
    }
}
