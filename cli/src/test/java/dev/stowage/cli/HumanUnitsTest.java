package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanUnitsTest {

    @Test
    void sizesUseDecimalUnitsWithThreeSignificantDigits() {
        assertEquals("0B", HumanUnits.size(0));
        assertEquals("999B", HumanUnits.size(999));
        assertEquals("1kB", HumanUnits.size(1000));
        assertEquals("7.05MB", HumanUnits.size(7_054_000));
        assertEquals("1.2GB", HumanUnits.size(1_200_000_000));
        assertEquals("123kB", HumanUnits.size(123_456));
    }

    @Test
    void sizesJustBelowAUnitPrintInGoExponentForm() {
        assertEquals("1e+03kB", HumanUnits.size(999_999));
    }

    @Test
    void preciseSizesKeepFourDigits() {
        assertEquals("3.028MB", HumanUnits.sizePrecise(3_028_123));
        assertEquals("5.675kB", HumanUnits.sizePrecise(5_675));
        assertEquals("0B", HumanUnits.sizePrecise(0));
    }

    @Test
    void durationsReadAsDockerWritesThem() {
        assertEquals("Less than a second", HumanUnits.duration(Duration.ofMillis(500)));
        assertEquals("1 second", HumanUnits.duration(Duration.ofSeconds(1)));
        assertEquals("45 seconds", HumanUnits.duration(Duration.ofSeconds(45)));
        assertEquals("About a minute", HumanUnits.duration(Duration.ofSeconds(90)));
        assertEquals("12 minutes", HumanUnits.duration(Duration.ofMinutes(12)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(80)));
        assertEquals("5 hours", HumanUnits.duration(Duration.ofHours(5)));
        assertEquals("3 days", HumanUnits.duration(Duration.ofDays(3)));
        assertEquals("2 weeks", HumanUnits.duration(Duration.ofDays(15)));
        assertEquals("3 months", HumanUnits.duration(Duration.ofDays(95)));
        assertEquals("55 years", HumanUnits.duration(Duration.ofDays(365 * 55 + 20)));
    }
}
