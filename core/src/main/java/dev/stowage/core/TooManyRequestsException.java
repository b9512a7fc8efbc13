package dev.stowage.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The registry rate-limited the requests and they kept failing after the allowed retries.
 * {@link #retryAfter()} is the wait the registry asked for, when it said.
 */
public class TooManyRequestsException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public TooManyRequestsException(String message, String registry, String errorCode, Duration retryAfter) {
        super(message, registry, 429, errorCode);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
