package dev.stowage.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerPathTest {
    @Test
    void dotAndEmptyComponentsAreDropped() {
        assertEquals("app/bin/run", LayerPath.normalize("./app//bin/./run/"));
    }

    @Test
    void dotAloneIsTheRoot() {
        assertEquals("", LayerPath.normalize("."));
    }

    @Test
    void absolutePathIsRefusedNamingThePath() {
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class,
                () -> LayerPath.normalize("/etc/passwd"));
        assertEquals("/etc/passwd", e.path());
        assertTrue(e.getMessage().contains("\"/etc/passwd\"") && e.getMessage().contains("absolute"), e.getMessage());
    }

    @Test
    void dotDotComponentIsRefusedEvenWhenItStaysInside() {
        assertThrows(InvalidLayerPathException.class, () -> LayerPath.normalize("../etc/passwd"));
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class,
                () -> LayerPath.normalize("app/../../etc"));
        assertTrue(e.getMessage().contains(".."), e.getMessage());
        assertThrows(InvalidLayerPathException.class, () -> LayerPath.normalize("app/../app"));
    }

    @Test
    void nulCharacterIsRefused() {
        assertThrows(InvalidLayerPathException.class, () -> LayerPath.normalize("app\0x"));
    }

    @Test
    void orderVisitsADirectoryBeforeItsSiblingsWithLongerNames() {
        List<String> paths = new ArrayList<>(List.of("a-c", "a/b", "a", "a.txt", "B", "a/b/c"));
        paths.sort(LayerPath.ORDER);
        // filepath.Walk order: "a" and all beneath it before "a-c", since '/' ends a name
        assertEquals(List.of("B", "a", "a/b", "a/b/c", "a-c", "a.txt"), paths);
    }

    @Test
    void orderComparesUtf8Bytes() {
        List<String> paths = new ArrayList<>(List.of("\uFF21", "\uD83D\uDE00"));
        paths.sort(LayerPath.ORDER);
        // UTF-16 order would put the surrogate pair first; UTF-8 bytes (EF < F0) do not
        assertEquals(List.of("\uFF21", "\uD83D\uDE00"), paths);
    }
}
