package dev.stowage.core.spi;

import dev.stowage.core.Credential;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credential to present to a registry. The registry is named as in an image reference
 * ({@code docker.io}, {@code registry.example.com:5000}); an empty result means anonymous access.
 *
 * <pre>{@code
 * CredentialProvider fixed = CredentialProvider.of(Map.of("127.0.0.1:5000", Credential.basic("u", "p")));
 * }</pre>
 */
@FunctionalInterface
public interface CredentialProvider {

    Optional<Credential> credentialFor(String registry);

    /** Never has a credential. */
    static CredentialProvider anonymous() {
        return registry -> Optional.empty();
    }

    /** Credentials from a fixed map keyed by registry. */
    static CredentialProvider of(Map<String, Credential> byRegistry) {
        Map<String, Credential> copy = Map.copyOf(byRegistry);
        return registry -> Optional.ofNullable(copy.get(registry));
    }
}
