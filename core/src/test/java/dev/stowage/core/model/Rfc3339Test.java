package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's RFC 3339 output for instants, and reading it back. */
class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
        "2024-01-02T03:04:05Z,            2024-01-02T03:04:05Z",
        "2024-01-02T03:04:05.100Z,        2024-01-02T03:04:05.1Z",
        "2024-01-02T03:04:05.000000001Z,  2024-01-02T03:04:05.000000001Z",
        "2015-10-31T22:22:56.015925234Z,  2015-10-31T22:22:56.015925234Z",
        "0001-01-01T00:00:00Z,            0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z,            1970-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z,  9999-12-31T23:59:59.999999999Z",
    })
    void formatsLikeGo(String instant, String expected) {
        assertEquals(expected, Rfc3339.format(Instant.parse(instant)));
    }

    @ParameterizedTest
    @CsvSource({
        "2024-01-02T03:04:05Z",
        "2024-01-02T03:04:05.1Z",
        "2015-10-31T22:22:56.015925234Z",
    })
    void readsBackWhatItWrites(String text) {
        assertEquals(Optional.of(Instant.parse(text)), Rfc3339.parse(text));
        assertEquals(text, Rfc3339.format(Rfc3339.parse(text).orElseThrow()));
    }
}
