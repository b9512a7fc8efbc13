package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTreeTest {

    @Test
    void setCreatesTheSectionsOnItsPath() {
        ConfigTree tree = new ConfigTree().set("storage.delete.enabled", true).set("storage.filesystem.rootdirectory", "/x");

        assertEquals(Map.of("storage", Map.of("delete", Map.of("enabled", true), "filesystem", Map.of("rootdirectory", "/x"))),
                tree.asMap());
    }

    @Test
    void setReplacesAnExistingValue() {
        ConfigTree tree = new ConfigTree().set("log.level", "info").set("log.level", "debug");

        assertEquals(Map.of("log", Map.of("level", "debug")), tree.asMap());
    }

    @Test
    void setRefusesToTreatAValueAsASection() {
        ConfigTree tree = new ConfigTree().set("version", "0.1");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree.set("version.minor", 1));
        assertTrue(e.getMessage().contains("\"version\" holds a value"), e.getMessage());
    }

    @Test
    void setRefusesAnEmptyKey() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigTree().set("http..addr", "x"));
    }
}
