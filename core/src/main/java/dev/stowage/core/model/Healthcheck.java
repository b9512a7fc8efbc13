package dev.stowage.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a container started from the image is checked for health (the config's
 * {@code Healthcheck}, a Docker extension of the OCI config that BuildKit and podman's Docker
 * format write). Durations of zero and retries of zero mean "the runtime's default".
 *
 * @param test {@code ["NONE"]} (checking disabled), {@code ["CMD", exe, args…]} or
 *     {@code ["CMD-SHELL", "command line"]}
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, int retries) {
    public Healthcheck {
        test = List.copyOf(test);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
        Objects.requireNonNull(startInterval, "startInterval");
    }
}
