package dev.stowage.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a failed request is tried again: network errors, 408, 429 and 5xx on
 * steps that are safe to repeat. Waits grow exponentially from {@code initialDelay} up to
 * {@code maxDelay}, with jitter; a {@code Retry-After} from the registry replaces the computed wait,
 * up to {@code maxDelay} too (a registry asking for longer is tried again after that, and the
 * retry event says the wait was capped). No attempt starts after {@code maxTotal} has passed
 * since the first.
 *
 * <pre>{@code
 * RetryPolicy patient = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
 * }</pre>
 *
 * @param maxAttempts attempts in all, including the first; 1 disables retries
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxTotal) {

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy needs at least 1 attempt, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("retry policy durations must not be negative");
        }
    }

    /**
     * Six attempts, waits from 250 ms to 10 s, at most one minute in all: a burst of five failures
     * (a registry restarting behind its load balancer answers 503 for a few seconds) is outlasted,
     * after about 4 to 8 s of waits.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofMinutes(1));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before the attempt after {@code failedAttempt}, or empty when no attempt is left
     * (count exhausted, or the wait would end after {@code maxTotal}).
     */
    Optional<Duration> delayAfter(int failedAttempt, Duration elapsed, Optional<Duration> retryAfter) {
        if (failedAttempt >= maxAttempts) {
            return Optional.empty();
        }
        Duration delay = retryAfter.map(r -> r.compareTo(maxDelay) > 0 ? maxDelay : r)
                .orElseGet(() -> backoff(failedAttempt));
        if (elapsed.plus(delay).compareTo(maxTotal) > 0) {
            return Optional.empty();
        }
        return Optional.of(delay);
    }

    private Duration backoff(int failedAttempt) {
        long base = initialDelay.toMillis() << Math.min(failedAttempt - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        // Half fixed, half random: spreads clients that failed together without waiting too little.
        long jittered = capped / 2 + (capped > 1 ? ThreadLocalRandom.current().nextLong(capped / 2 + 1) : 0);
        return Duration.ofMillis(jittered);
    }
}
