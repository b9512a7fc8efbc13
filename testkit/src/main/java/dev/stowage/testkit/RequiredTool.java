package dev.stowage.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an external program the tests need. A missing program fails the test under CI (so a CI
 * run never passes by skipping) and skips it elsewhere, with a message saying how to install it.
 */
final class RequiredTool {

    private RequiredTool() {
    }

    static Path locate(String command, String debianPackage, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "`" + command + "` is not on the PATH; install it with `sudo apt-get install "
                + debianPackage + "` (./run-tests installs it when missing)";
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
