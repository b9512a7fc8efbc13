package dev.stowage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreLocationTest {

    @Test
    void stowageHomeWinsEverywhere() {
        assertEquals(Path.of("/data/images"), StoreLocation.resolve(Map.of("STOWAGE_HOME", "/data/images"), "Linux", "/home/u"));
        assertEquals(Path.of("/data/images"), StoreLocation.resolve(Map.of("STOWAGE_HOME", "/data/images"), "Mac OS X", "/Users/u"));
    }

    @Test
    void linuxUsesXdgDataHome() {
        assertEquals(Path.of("/xdg/stowage"), StoreLocation.resolve(Map.of("XDG_DATA_HOME", "/xdg"), "Linux", "/home/u"));
    }

    @Test
    void linuxFallsBackToLocalShare() {
        assertEquals(Path.of("/home/u/.local/share/stowage"), StoreLocation.resolve(Map.of(), "Linux", "/home/u"));
    }

    @Test
    void relativeXdgDataHomeIsIgnored() {
        assertEquals(Path.of("/home/u/.local/share/stowage"),
                StoreLocation.resolve(Map.of("XDG_DATA_HOME", "rel"), "Linux", "/home/u"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertEquals(Path.of("/Users/u/Library/Application Support/stowage"), StoreLocation.resolve(Map.of(), "Mac OS X", "/Users/u"));
    }

    @Test
    void windowsUsesLocalAppData() {
        assertEquals(Path.of("/appdata/local", "stowage"),
                StoreLocation.resolve(Map.of("LOCALAPPDATA", "/appdata/local"), "Windows 11", "/users/u"));
        assertEquals(Path.of("/users/u", "AppData", "Local", "stowage"), StoreLocation.resolve(Map.of(), "Windows 11", "/users/u"));
    }

    @Test
    void blankStowageHomeIsIgnored() {
        assertEquals(Path.of("/home/u/.local/share/stowage"), StoreLocation.resolve(Map.of("STOWAGE_HOME", " "), "Linux", "/home/u"));
    }
}
