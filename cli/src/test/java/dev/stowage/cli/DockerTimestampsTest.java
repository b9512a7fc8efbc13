package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DockerTimestampsTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final ZoneId ZONE = ZoneOffset.ofHours(2);

    private static Instant parse(String value) {
        return DockerTimestamps.parse(value, NOW, ZONE);
    }

    @Test
    void goDurationsCountBackFromNow() {
        assertEquals(Instant.parse("2024-04-30T12:00:00Z"), parse("24h"));
        assertEquals(Instant.parse("2024-05-01T10:30:00Z"), parse("1h30m"));
        assertEquals(Instant.parse("2024-05-01T11:59:58.500Z"), parse("1.5s"));
    }

    @Test
    void timestampsWithZone() {
        assertEquals(Instant.parse("2024-01-02T15:04:05Z"), parse("2024-01-02T15:04:05Z"));
        assertEquals(Instant.parse("2024-01-02T13:04:05Z"), parse("2024-01-02T15:04:05+02:00"));
    }

    @Test
    void timestampsWithoutZoneAreLocalTime() {
        assertEquals(Instant.parse("2024-01-02T13:04:00Z"), parse("2024-01-02T15:04"));
        assertEquals(Instant.parse("2024-01-01T22:00:00Z"), parse("2024-01-02"));
    }

    @Test
    void unixSeconds() {
        assertEquals(Instant.ofEpochSecond(1704067200), parse("1704067200"));
        assertEquals(Instant.ofEpochSecond(1704067200, 500_000_000), parse("1704067200.5"));
    }

    @Test
    void otherValuesAreRejectedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("yesterday"));
        assertTrue(e.getMessage().contains("\"yesterday\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("2024-13-01"));
        assertThrows(IllegalArgumentException.class, () -> parse("10d"));
    }
}
