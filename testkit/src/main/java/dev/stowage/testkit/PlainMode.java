package dev.stowage.testkit;

import java.nio.file.Path;

/** The kit's defaults as they are: plain HTTP, anonymous access. */
enum PlainMode implements RegistryMode {
    INSTANCE;

    @Override
    public void configure(ConfigTree config, Path dir) {
        // The defaults already describe a plain registry.
    }

    @Override
    public String toString() {
        return "plain";
    }
}
