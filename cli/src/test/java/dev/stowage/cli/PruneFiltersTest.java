package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PruneFiltersTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void untilAndLabelsAreSortedByKind() {
        PruneFilters filters = PruneFilters.parse(
                List.of("label=team=web", "until=24h", "label!=keep", "label=tier"), NOW);

        assertEquals(Optional.of(Instant.parse("2024-04-30T12:00:00Z")), filters.until());
        assertEquals(List.of("team=web", "tier"), filters.labels());
        assertEquals(List.of("keep"), filters.labelsNot());
    }

    @Test
    void noFiltersMeansNoUntilAndNoLabels() {
        assertEquals(new PruneFilters(Optional.empty(), List.of(), List.of()), PruneFilters.parse(List.of(), NOW));
    }

    @Test
    void aSecondUntilIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruneFilters.parse(List.of("until=1h", "until=2h"), NOW));
        assertEquals("more than one until filter specified", e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefusedListingTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruneFilters.parse(List.of("dangling=true"), NOW));
        assertEquals("invalid filter 'dangling'; accepted: until, label, label!", e.getMessage());
    }

    @Test
    void anUntilThatIsNeitherATimeNorADurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PruneFilters.parse(List.of("until=yesterday"), NOW));
    }
}
