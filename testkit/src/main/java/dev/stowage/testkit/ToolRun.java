package dev.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external tool with a time limit: output to files (a chatty tool never blocks on
 * a full pipe), standard input from {@code /dev/null}, killed if it overruns.
 *
 * @param command the whole command line
 * @param exitCode the process's exit code
 * @param stdout standard output as text
 * @param stderr standard error as text
 */
public record ToolRun(List<String> command, int exitCode, String stdout, String stderr) {
    public ToolRun {
        command = List.copyOf(command);
    }

    /** Runs {@code command}; the result whatever its exit code. */
    static ToolRun of(List<String> command, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tool-", ".out");
            err = Files.createTempFile("tool-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed; stderr so far:\n" + Files.readString(err));
            }
            return new ToolRun(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    /**
     * This result if the command succeeded.
     *
     * @throws IllegalStateException naming the command, exit code and stderr otherwise
     */
    public ToolRun requireSuccess() {
        if (exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode + ":\n" + stderr);
        }
        return this;
    }
}
