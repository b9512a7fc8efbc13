package dev.stowage.testkit;

import java.util.Objects;
import java.util.Set;

/**
 * How a {@link TestRegistry} is configured: its {@link RegistryMode}, whether manifests and blobs
 * may be deleted, and the registry's log level.
 *
 * <pre>{@code
 * RegistryConfig config = RegistryConfig.plain().withDeleteEnabled(false);
 * }</pre>
 */
public record RegistryConfig(RegistryMode mode, boolean deleteEnabled, String logLevel) {
    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug");

    public RegistryConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(logLevel, "logLevel");
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("log level \"" + logLevel + "\" must be one of error, warn, info, debug");
        }
    }

    /** Plain HTTP, deletion enabled, log level {@code info}. */
    public static RegistryConfig plain() {
        return new RegistryConfig(RegistryMode.plain(), true, "info");
    }

    public RegistryConfig withMode(RegistryMode newMode) {
        return new RegistryConfig(newMode, deleteEnabled, logLevel);
    }

    public RegistryConfig withDeleteEnabled(boolean enabled) {
        return new RegistryConfig(mode, enabled, logLevel);
    }

    public RegistryConfig withLogLevel(String level) {
        return new RegistryConfig(mode, deleteEnabled, level);
    }
}
