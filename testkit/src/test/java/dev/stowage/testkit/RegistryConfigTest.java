package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void plainIsHttpWithDeletionEnabled() {
        RegistryConfig config = RegistryConfig.plain();

        assertEquals("http", config.mode().scheme());
        assertTrue(config.deleteEnabled());
        assertEquals("info", config.logLevel());
    }

    @Test
    void withersChangeOneSetting() {
        RegistryConfig config = RegistryConfig.plain().withDeleteEnabled(false).withLogLevel("debug");

        assertFalse(config.deleteEnabled());
        assertEquals("debug", config.logLevel());
        assertEquals(RegistryMode.plain(), config.mode());
    }

    @Test
    void unknownLogLevelIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegistryConfig.plain().withLogLevel("verbose"));
        assertTrue(e.getMessage().contains("\"verbose\""), e.getMessage());
    }
}
