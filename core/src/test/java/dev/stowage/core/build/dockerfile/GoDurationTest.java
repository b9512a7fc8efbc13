package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's duration text, read and written as time.ParseDuration and Duration.String do. */
class GoDurationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,0", "30s,30000000000", "1m30s,90000000000", "1.5h,5400000000000", "500ms,500000000",
            "1us,1000", "2µs,2000", "3ns,3", "1h2m3s4ms,3723004000000"})
    void parses(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "5", "s", "1x", "1..5s", "-"})
    void refusesWhatGoRefuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({"0,0s", "30000000000,30s", "90000000000,1m30s", "1500000000,1.5s", "7200000000000,2h0m0s",
            "500000000,500ms", "1500,1.5µs", "7,7ns"})
    void formatsAsGo(long nanos, String text) {
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
    }
}
