package dev.stowage.cli;

import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import dev.stowage.core.reference.RegistryHosts;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.auth.DockerCredentials;
import java.util.List;

/**
 * What the registry commands share, built from the global options: the user's docker
 * credentials and a {@link RegistryClient} that presents them, trusting the registries given
 * with {@code --insecure-registry}. Loopback registries work over plain HTTP without being listed.
 */
record RegistryAccess(List<String> insecureRegistries) {

    RegistryAccess {
        insecureRegistries = List.copyOf(insecureRegistries);
    }

    /** {@code $DOCKER_CONFIG/config.json} (else {@code ~/.docker/config.json}) and its helpers. */
    DockerCredentials credentials() {
        return DockerCredentials.fromEnvironment();
    }

    RegistryClient client() {
        return client(credentials());
    }

    /** A client with other credentials (a copy's {@code --src-creds}), trusting the same registries. */
    RegistryClient client(CredentialProvider credentials) {
        RegistryClient.Builder builder = RegistryClient.builder().credentials(credentials);
        insecureRegistries.forEach(builder::insecureRegistry);
        return builder.build();
    }

    /**
     * The registry a {@code login} or {@code logout} argument names, read as docker reads it: a
     * scheme and anything from the first {@code /} on are dropped ({@code https://HOST},
     * {@code HOST/}, {@code https://index.docker.io/v1/}), then {@link #registryHost} applies.
     *
     * @throws IllegalArgumentException naming the input and the rule
     */
    static String loginHost(String argument) {
        String host = argument;
        for (String scheme : List.of("https://", "http://")) {
            if (host.regionMatches(true, 0, scheme, 0, scheme.length())) {
                host = host.substring(scheme.length());
            }
        }
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("invalid registry \"" + argument + "\": expected a registry host such as"
                    + " registry.example.com, 127.0.0.1:5000 or https://registry.example.com");
        }
        return host.equals(RegistryHosts.DOCKER_HUB) ? host : registryHost(host);
    }

    /**
     * The registry {@code host} names, normalised as in an image reference
     * ({@code index.docker.io} is {@code docker.io}). Like a reference's first part, it needs a dot,
     * a port or to be {@code localhost}, so a repository name is not taken for a host.
     *
     * @throws IllegalArgumentException naming the input and the rule
     */
    static String registryHost(String host) {
        String rule = "\": expected a registry host such as registry.example.com, 127.0.0.1:5000 or localhost";
        boolean looksLikeHost = host.contains(".") || host.contains(":") || host.equals("localhost");
        if (!looksLikeHost || host.contains("/")) {
            throw new IllegalArgumentException("invalid registry \"" + host + rule);
        }
        try {
            return ImageReference.parse(host + "/x").registry();
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException("invalid registry \"" + host + rule, e);
        }
    }
}
