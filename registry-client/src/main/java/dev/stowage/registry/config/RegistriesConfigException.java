package dev.stowage.registry.config;

import dev.stowage.core.StowageException;

/** A {@code registries.conf} file that cannot be used: unreadable, not TOML, or a table containers-registries.conf(5) forbids. */
public class RegistriesConfigException extends StowageException {
    private static final long serialVersionUID = 1L;

    public RegistriesConfigException(String message) {
        super(message);
    }

    public RegistriesConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
