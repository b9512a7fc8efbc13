package dev.stowage.testkit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A way of running the test registry: plain HTTP now; htpasswd, token auth and TLS modes add
 * their configuration sections and the files those sections name (password file, certificates).
 *
 * <pre>{@code
 * RegistryMode mode = (config, dir) -> config.set("auth.htpasswd.path", dir.resolve("htpasswd").toString());
 * }</pre>
 */
public interface RegistryMode {

    /**
     * Adds this mode's settings to the registry configuration.
     *
     * @param config the configuration being built, already holding the kit's defaults
     * @param dir    a private directory for files the settings refer to; deleted with the registry
     */
    void configure(ConfigTree config, Path dir) throws IOException;

    /** The URL scheme clients use to reach a registry in this mode. */
    default String scheme() {
        return "http";
    }

    /** Plain HTTP on loopback, no authentication. */
    static RegistryMode plain() {
        return PlainMode.INSTANCE;
    }
}
