package dev.stowage.registry.auth;

import dev.stowage.core.StowageException;

/**
 * Credentials could not be read or stored: an unreadable docker config, or a credential helper
 * that is missing, failed or timed out. The message names the file or helper, never a secret.
 */
public class CredentialStoreException extends StowageException {
    private static final long serialVersionUID = 1L;

    public CredentialStoreException(String message) {
        super(message);
    }

    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
