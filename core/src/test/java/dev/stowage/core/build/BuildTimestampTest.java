package dev.stowage.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildTimestampTest {
    @Test
    void withoutSourceDateEpochTheTimestampIsTheUnixEpoch() {
        assertEquals(Instant.EPOCH, BuildTimestamp.from(Map.of()));
        assertEquals(Instant.EPOCH, BuildTimestamp.from(Map.of("SOURCE_DATE_EPOCH", "")));
    }

    @Test
    void sourceDateEpochGivesTheTimestampInSeconds() {
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"),
                BuildTimestamp.from(Map.of("SOURCE_DATE_EPOCH", "1700000000")));
    }

    @Test
    void malformedSourceDateEpochIsRefusedNamingTheVariable() {
        for (String bad : new String[] {"-1", "1.5", " 1", "yesterday", "999999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BuildTimestamp.from(Map.of("SOURCE_DATE_EPOCH", bad)));
            assertTrue(e.getMessage().contains("SOURCE_DATE_EPOCH"), e.getMessage());
        }
    }
}
