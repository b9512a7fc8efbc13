package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofSeconds(10));

    @Test
    void waitsGrowExponentiallyWithinJitterAndCap() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            long full = Math.min(100L << (attempt - 1), 300);
            long d = policy.delayAfter(attempt, Duration.ZERO, Optional.empty()).orElseThrow().toMillis();
            assertTrue(d >= full / 2 && d <= full, "attempt " + attempt + " waited " + d);
        }
    }

    @Test
    void defaultsOutlastABurstOfFiveFailures() {
        RetryPolicy policy = RetryPolicy.defaults();
        Duration waited = Duration.ZERO;
        for (int failed = 1; failed <= 5; failed++) {
            Optional<Duration> delay = policy.delayAfter(failed, waited, Optional.empty());
            assertTrue(delay.isPresent(), "no attempt after failure " + failed);
            waited = waited.plus(delay.get());
        }
        assertEquals(Optional.empty(), policy.delayAfter(6, waited, Optional.empty()));
    }

    @Test
    void noAttemptAfterTheLast() {
        assertEquals(Optional.empty(), policy.delayAfter(4, Duration.ZERO, Optional.empty()));
    }

    @Test
    void retryAfterReplacesTheComputedWait() {
        assertEquals(Optional.of(Duration.ofMillis(290)),
                policy.delayAfter(1, Duration.ZERO, Optional.of(Duration.ofMillis(290))));
    }

    @Test
    void retryAfterLongerThanTheLongestWaitIsCappedAtIt() {
        assertEquals(Optional.of(Duration.ofMillis(300)),
                policy.delayAfter(1, Duration.ZERO, Optional.of(Duration.ofSeconds(50))));
    }

    @Test
    void waitEndingAfterTheTotalBudgetIsNotTaken() {
        assertEquals(Optional.empty(), policy.delayAfter(1, Duration.ofMillis(9800),
                Optional.of(Duration.ofMillis(250))));
    }

    @Test
    void zeroAttemptsIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
