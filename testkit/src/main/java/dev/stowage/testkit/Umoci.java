package dev.stowage.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real {@code umoci}, which unpacks an image of an OCI image layout into a root filesystem
 * the way a runtime would (layers in order, whiteouts applied), for comparing what two builders
 * made. Run as root, owners are kept.
 */
public final class Umoci {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path binary;

    private Umoci(Path binary) {
        this.binary = binary;
    }

    /**
     * Finds {@code umoci} on the {@code PATH}. If it is missing, this aborts the calling test
     * (JUnit assumption) or, when the {@code CI} environment variable is set, fails it.
     */
    public static Umoci locate() {
        return new Umoci(RequiredTool.locate("umoci", "umoci", System.getenv()));
    }

    /**
     * {@code umoci unpack --image LAYOUT:NAME BUNDLE}, required to succeed.
     *
     * @return the unpacked root filesystem, {@code BUNDLE/rootfs}
     */
    public Path unpack(Path layout, String name, Path bundle) {
        ToolRun.of(List.of(binary.toString(), "unpack", "--image", layout + ":" + name, bundle.toString()), TIMEOUT)
                .requireSuccess();
        return bundle.resolve("rootfs");
    }
}
