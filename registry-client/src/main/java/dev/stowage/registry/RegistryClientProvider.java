package dev.stowage.registry;

import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.spi.RegistryProvider;
import dev.stowage.registry.config.RegistriesConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lets {@code ImageManager} open a {@link RegistryClient} without {@code core} depending on this
 * module; registered in {@code META-INF/services}. Not meant to be called directly: use
 * {@link RegistryClient#builder()}.
 */
public final class RegistryClientProvider implements RegistryProvider {

    @Override
    public Registry open(Optional<CredentialProvider> credentials, int parallelism, Optional<Path> registriesConfig) {
        RegistryClient.Builder builder = RegistryClient.builder().parallelism(parallelism);
        credentials.ifPresent(builder::credentials);
        registriesConfig.map(RegistriesConfig::load).ifPresent(builder::registriesConfig);
        return builder.build();
    }
}
