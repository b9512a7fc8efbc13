package dev.stowage.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real {@code podman} as the peer builder of interoperability tests, with state the test
 * owns: its own {@code --root} and {@code --runroot} under a directory of the test (which podman
 * wants short: a runroot path holds at most 50 characters), the
 * {@code vfs} storage driver (no kernel overlay, no fuse), cgroupfs and no event log, so that it
 * runs as root in a container or a CI machine without configuration and leaves nothing behind.
 * TLS verification is off for loopback registries only, which the test kit serves over plain HTTP.
 *
 * <pre>{@code
 * Podman podman = Podman.locate(tempDir);
 * podman.build(context, "app:1", "--format", "docker");
 * podman.pushToLayout("app:1", layout, "app");
 * }</pre>
 */
public final class Podman {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path binary;
    private final Path state;

    private Podman(Path binary, Path state) {
        this.binary = binary;
        this.state = state;
    }

    /**
     * Finds {@code podman} on the {@code PATH}, keeping its state under {@code stateDir}. If it
     * is missing, this aborts the calling test (JUnit assumption) or, when the {@code CI}
     * environment variable is set, fails it.
     */
    public static Podman locate(Path stateDir) {
        return new Podman(RequiredTool.locate("podman", "podman", System.getenv()), stateDir);
    }

    /** Runs {@code podman --root … ARGS…}; the result whatever its exit code. */
    public ToolRun run(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--root", state.resolve("root").toString(), "--runroot", state.resolve("runroot").toString(),
                "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "none"));
        command.addAll(Arrays.asList(args));
        return ToolRun.of(command, TIMEOUT);
    }

    /**
     * {@code podman build -t TAG [EXTRA…] CONTEXT}, required to succeed; loopback registries are
     * reached without TLS verification.
     */
    public ToolRun build(Path context, String tag, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("build", "--tls-verify=false", "-t", tag));
        args.addAll(Arrays.asList(extraArgs));
        args.add(context.toString());
        return run(args.toArray(String[]::new)).requireSuccess();
    }

    /** {@code podman push IMAGE oci:LAYOUT:NAME}: writes the image into an OCI image layout, e.g. for umoci. */
    public void pushToLayout(String image, Path layout, String name) {
        run("push", image, "oci:" + layout + ":" + name).requireSuccess();
    }

    /** Where its state lives. */
    public Path stateDirectory() {
        return state;
    }
}
