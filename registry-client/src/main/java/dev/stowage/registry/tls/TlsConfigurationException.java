package dev.stowage.registry.tls;

import dev.stowage.core.StowageException;

/** A {@code certs.d} file that cannot be used: unreadable, not PEM, or a key without its certificate. */
public class TlsConfigurationException extends StowageException {
    private static final long serialVersionUID = 1L;

    public TlsConfigurationException(String message) {
        super(message);
    }

    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
