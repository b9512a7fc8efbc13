package dev.stowage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A command run under {@code /usr/bin/time}, which reports the peak resident set size of the
 * process and everything it waited for (the kernel's {@code ru_maxrss}); the wall time is taken
 * around the whole process, start-up included.
 *
 * @param environment added to this process's environment
 */
record Command(List<String> argv, Map<String, String> environment) {
    Command {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    static Command of(String... argv) {
        return new Command(List.of(argv), Map.of());
    }

    Command with(String variable, String value) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put(variable, value);
        return new Command(argv, env);
    }

    /** What one run of a command took. */
    record Outcome(long nanos, OptionalLong peakRssKb) {
    }

    /**
     * Runs it, its output thrown away.
     *
     * @throws IllegalStateException with the command's stderr when it fails
     */
    Outcome run(Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path rss = Files.createTempFile(scratch, "rss", ".txt");
        Path err = Files.createTempFile(scratch, "stderr", ".txt");
        try {
            List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
            timed.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(timed)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            pb.environment().putAll(environment);
            long start = System.nanoTime();
            Process p = pb.start();
            int exit = p.waitFor();
            long nanos = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed with exit code " + exit + ":\n"
                        + tail(Files.readString(err)));
            }
            return new Outcome(nanos, peakRss(Files.readString(rss)));
        } finally {
            Files.deleteIfExists(rss);
            Files.deleteIfExists(err);
        }
    }

    /** Runs it untimed and returns its exit code, output thrown away (for checks whose answer is the exit code). */
    int runStatus(Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(environment);
        return pb.start().waitFor();
    }

    /**
     * Runs it untimed and returns its standard output.
     *
     * @throws IllegalStateException with the command's stderr when it fails
     */
    String output(Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "stdout", ".txt");
        Path err = Files.createTempFile(scratch, "stderr", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(environment);
            int exit = pb.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed with exit code " + exit + ":\n"
                        + tail(Files.readString(err)));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code /usr/bin/time -o} holds the number on its last line (earlier lines may note a signal). */
    private static OptionalLong peakRss(String report) {
        String[] lines = report.strip().split("\n");
        try {
            return OptionalLong.of(Long.parseLong(lines[lines.length - 1].strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
