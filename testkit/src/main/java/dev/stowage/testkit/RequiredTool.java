package dev.stowage.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an external program the tests need. A missing program fails the test under CI (so a CI
 * run never passes by skipping) and skips it elsewhere, with a message saying how to install it.
 * The Distribution registry may live outside the {@code PATH}: the system property
 * {@value #REGISTRY_PROPERTY} or the environment variable {@value #REGISTRY_VARIABLE} names its
 * binary.
 */
final class RequiredTool {
    /** System property naming the {@code docker-registry} binary to run. */
    static final String REGISTRY_PROPERTY = "stowage.registry.binary";
    /** Environment variable naming the {@code docker-registry} binary, when the property is not set. */
    static final String REGISTRY_VARIABLE = "STOWAGE_REGISTRY_BINARY";
    private static final String REGISTRY = "docker-registry";

    private RequiredTool() {
    }

    /**
     * The program, on the {@code PATH} of {@code environment}.
     *
     * @throws IllegalStateException if it is missing and {@code CI} is set
     * @throws org.opentest4j.TestAbortedException if it is missing otherwise
     */
    static Path locate(String command, String debianPackage, Map<String, String> environment) {
        return find(command, environment).orElseGet(() -> missing(missingMessage(command, debianPackage), environment));
    }

    /** The Distribution registry's binary: as the property or variable names it, else on the {@code PATH}. */
    static Path registryBinary(Map<String, String> environment) {
        return findRegistry(environment).orElseGet(() -> missing(missingRegistryMessage(environment), environment));
    }

    /** The registry binary, or empty when it is missing: for deciding before any test runs. */
    static Optional<Path> findRegistry(Map<String, String> environment) {
        Optional<String> named = Optional.ofNullable(System.getProperty(REGISTRY_PROPERTY))
                .or(() -> Optional.ofNullable(environment.get(REGISTRY_VARIABLE))).filter(s -> !s.isBlank());
        if (named.isPresent()) {
            Path binary = Path.of(named.get());
            return isExecutable(binary) ? Optional.of(binary) : Optional.empty();
        }
        return find(REGISTRY, environment);
    }

    /** Why the registry binary was not found, and how to get one. */
    static String missingRegistryMessage(Map<String, String> environment) {
        Optional<String> named = Optional.ofNullable(System.getProperty(REGISTRY_PROPERTY)).map(p -> "-D" + REGISTRY_PROPERTY + "=" + p)
                .or(() -> Optional.ofNullable(environment.get(REGISTRY_VARIABLE)).map(v -> REGISTRY_VARIABLE + "=" + v));
        if (named.isPresent()) {
            return named.get() + " names no executable file: point it at the docker-registry binary (Distribution)";
        }
        return missingMessage(REGISTRY, REGISTRY) + ", or name the binary with -D" + REGISTRY_PROPERTY + "=PATH or "
                + REGISTRY_VARIABLE + "=PATH; RegistryExtension.inProcess() needs nothing installed";
    }

    private static Optional<Path> find(String command, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, command);
            if (isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private static String missingMessage(String command, String debianPackage) {
        return "`" + command + "` is not on the PATH; install it with `sudo apt-get install " + debianPackage
                + "` (./run-tests installs it when missing)";
    }

    /** Fails under CI, skips (aborts) the calling test elsewhere. */
    static <T> T missing(String message, Map<String, String> environment) {
        if (isCi(environment)) {
            throw new IllegalStateException(message + " [failing because CI is set]");
        }
        return Assumptions.abort(message);
    }

    static boolean isCi(Map<String, String> environment) {
        String ci = environment.get("CI");
        return ci != null && !ci.isBlank() && !ci.trim().toLowerCase(Locale.ROOT).equals("false");
    }
}
