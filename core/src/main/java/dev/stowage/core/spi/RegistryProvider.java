package dev.stowage.core.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the {@link Registry} implementation, found with {@link java.util.ServiceLoader} so that
 * {@code core} never depends on a registry client module: {@code stowage-registry-client}
 * registers one in {@code META-INF/services/dev.stowage.core.spi.RegistryProvider}.
 * {@code ImageManager} uses it the first time a pull or push needs a registry, unless the
 * application passed one to {@code ImageManager.builder().registry(…)}.
 */
public interface RegistryProvider {
    /**
     * Opens a registry client.
     *
     * @param credentials where credentials come from; empty for the user's docker configuration
     *     ({@code ~/.docker/config.json} and its credential helpers)
     * @param parallelism how many blob transfers the client may run at once
     * @param registriesConfig the containers-registries.conf(5) file to obey (alone, without drop-ins);
     *     empty for the files podman and skopeo read ({@code $CONTAINERS_REGISTRIES_CONF}, the user's, the system's)
     */
    Registry open(Optional<CredentialProvider> credentials, int parallelism, Optional<Path> registriesConfig);
}
