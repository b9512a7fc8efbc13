package dev.stowage.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A registry's pull allowance as Docker Hub announces it in {@code ratelimit-limit} and
 * {@code ratelimit-remaining} headers ({@code 100;w=21600}: 100 pulls per 6 hours).
 *
 * @param limit requests allowed per window
 * @param remaining requests left in the current window
 * @param window the window's length, when announced
 */
public record RateLimit(int limit, int remaining, Optional<Duration> window) {

    @Override
    public String toString() {
        return remaining + " of " + limit + " requests left"
                + window.map(w -> " per " + w.toHours() + " h").orElse("");
    }
}
