package dev.stowage.core;

/**
 * The user's registry configuration ({@code registries.conf}, {@code blocked = true}) forbids
 * contacting the registry an operation names; nothing was sent to it.
 */
public class BlockedRegistryException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public BlockedRegistryException(String message, String registry) {
        super(message, registry, -1, null);
    }
}
