package dev.stowage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real shaded {@code stowage.jar} as a separate process, the way {@code ./stowage} does,
 * with output captured in files of a scratch directory, extra environment variables and what it
 * reads on standard input; or {@link #onTerminal() on a terminal}.
 */
final class StowageProcess {
    private static final Path JAR = Path.of(System.getProperty("stowage.jar"));
    private static final long TIMEOUT_SECONDS = 120;

    private final Path scratch;
    private final Map<String, String> environment;
    private final byte[] stdin;
    private final Path stdout;
    private final boolean terminal;

    private StowageProcess(Path scratch, Map<String, String> environment, byte[] stdin, Path stdout, boolean terminal) {
        this.scratch = scratch;
        this.environment = Map.copyOf(environment);
        this.stdin = stdin;
        this.stdout = stdout;
        this.terminal = terminal;
    }

    /** @param scratch a directory for the captured output */
    static StowageProcess in(Path scratch) {
        return new StowageProcess(scratch, Map.of(), new byte[0], null, false);
    }

    /** Runs {@code stowage ARGS} with empty stdin and {@code environment} added, output captured in {@code scratch}. */
    static Result run(Path scratch, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        StowageProcess process = in(scratch);
        for (Map.Entry<String, String> e : environment.entrySet()) {
            process = process.withEnvironment(e.getKey(), e.getValue());
        }
        return process.run(args);
    }

    StowageProcess withEnvironment(String name, String value) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new StowageProcess(scratch, env, stdin, stdout, terminal);
    }

    StowageProcess withStdin(String text) {
        return withStdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code bytes} (an archive, say) to standard input. */
    StowageProcess withStdin(byte[] bytes) {
        return new StowageProcess(scratch, environment, bytes.clone(), stdout, terminal);
    }

    /** Sends standard output to {@code file} (e.g. /dev/full) instead of capturing it: the result's stdout is empty. */
    StowageProcess withStdoutTo(Path file) {
        return new StowageProcess(scratch, environment, stdin, file, terminal);
    }

    /**
     * Runs stowage on a pseudo-terminal, made by util-linux {@code script}: standard input,
     * output and error are the terminal, whose bytes (stdout and stderr together, line feeds not
     * turned into CR LF) become the result's stdout; the result's err is {@code script}'s own.
     */
    StowageProcess onTerminal() {
        return new StowageProcess(scratch, environment, stdin, stdout, true);
    }

    /** What one run did: exit code, standard output exactly as written, standard error as text. */
    record Result(int exitCode, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        if (terminal) {
            String shell = "stty -onlcr; exec " + String.join(" ", command.stream().map(StowageProcess::shellQuoted).toList());
            command = List.of("script", "--quiet", "--return", "--command", shell, "/dev/null");
        }
        Path in = Files.write(Files.createTempFile(scratch, "stdin", ""), stdin);
        Path out = stdout != null ? stdout : Files.createTempFile(scratch, "stdout", "");
        Path err = Files.createTempFile(scratch, "stderr", "");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("stowage " + String.join(" ", args) + " did not finish within "
                    + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), stdout != null ? new byte[0] : Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String shellQuoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
