package dev.stowage.testkit;

import java.util.Objects;
import java.util.Set;

/**
 * How a {@link TestRegistry} is configured: its {@link RegistryMode}, whether manifests and blobs
 * may be deleted, the registry's log level, whether cross-repository mounts and the OCI 1.1
 * referrers API are offered, and where blobs are kept. The same configuration starts the
 * Distribution registry ({@link RegistryExtension#of}) and the in-process one
 * ({@link RegistryExtension#inProcess(RegistryConfig)}).
 *
 * <pre>{@code
 * RegistryConfig config = RegistryConfig.plain().withDeleteEnabled(false);
 * }</pre>
 *
 * @param logLevel      Distribution's log level; the in-process registry logs every request whatever it says
 * @param mountEnabled  whether {@code POST ?mount=&from=} mounts a blob; when off the registry opens
 *                      an upload session instead (202), as the spec lets it. Only the in-process
 *                      registry can turn mounts off
 * @param referrersApi  whether {@code GET /v2/<name>/referrers/<digest>} is served; when off it
 *                      answers 404 and clients fall back to the referrers tag schema. Distribution
 *                      2.8 has no referrers API whatever this says
 * @param storage       where blobs are kept
 */
public record RegistryConfig(RegistryMode mode, boolean deleteEnabled, String logLevel, boolean mountEnabled,
        boolean referrersApi, RegistryStorage storage) {
    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug");

    public RegistryConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(storage, "storage");
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("log level \"" + logLevel + "\" must be one of error, warn, info, debug");
        }
    }

    /** Plain HTTP, deletion and mounts enabled, the referrers API served, blobs on disk, log level {@code info}. */
    public static RegistryConfig plain() {
        return new RegistryConfig(RegistryMode.plain(), true, "info", true, true, RegistryStorage.FILESYSTEM);
    }

    public RegistryConfig withMode(RegistryMode newMode) {
        return new RegistryConfig(newMode, deleteEnabled, logLevel, mountEnabled, referrersApi, storage);
    }

    public RegistryConfig withDeleteEnabled(boolean enabled) {
        return new RegistryConfig(mode, enabled, logLevel, mountEnabled, referrersApi, storage);
    }

    public RegistryConfig withLogLevel(String level) {
        return new RegistryConfig(mode, deleteEnabled, level, mountEnabled, referrersApi, storage);
    }

    public RegistryConfig withMountEnabled(boolean enabled) {
        return new RegistryConfig(mode, deleteEnabled, logLevel, enabled, referrersApi, storage);
    }

    public RegistryConfig withReferrersApi(boolean served) {
        return new RegistryConfig(mode, deleteEnabled, logLevel, mountEnabled, served, storage);
    }

    public RegistryConfig withStorage(RegistryStorage newStorage) {
        return new RegistryConfig(mode, deleteEnabled, logLevel, mountEnabled, referrersApi, newStorage);
    }
}
