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
    private final List<String> jvmOptions;

    private StowageProcess(Path scratch, Map<String, String> environment, byte[] stdin, Path stdout, boolean terminal,
            List<String> jvmOptions) {
        this.scratch = scratch;
        this.environment = Map.copyOf(environment);
        this.stdin = stdin;
        this.stdout = stdout;
        this.terminal = terminal;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** @param scratch a directory for the captured output */
    static StowageProcess in(Path scratch) {
        return new StowageProcess(scratch, Map.of(), new byte[0], null, false, List.of());
    }

    /**
     * Resolves host names with {@code hostsFile} alone (the JDK's {@code jdk.net.hosts.file}), so
     * that a name which is not loopback by its text, as {@code registry.test}, reaches a registry
     * on 127.0.0.1.
     */
    StowageProcess withHostsFile(Path hostsFile) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Djdk.net.hosts.file=" + hostsFile);
        return new StowageProcess(scratch, environment, stdin, stdout, terminal, options);
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
        return new StowageProcess(scratch, env, stdin, stdout, terminal, jvmOptions);
    }

    StowageProcess withStdin(String text) {
        return withStdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code bytes} (an archive, say) to standard input. */
    StowageProcess withStdin(byte[] bytes) {
        return new StowageProcess(scratch, environment, bytes.clone(), stdout, terminal, jvmOptions);
    }

    /** Sends standard output to {@code file} (e.g. /dev/full) instead of capturing it: the result's stdout is empty. */
    StowageProcess withStdoutTo(Path file) {
        return new StowageProcess(scratch, environment, stdin, file, terminal, jvmOptions);
    }

    /**
     * Runs stowage on a pseudo-terminal, made by util-linux {@code script}: standard input,
     * output and error are the terminal, whose bytes (stdout and stderr together, line feeds not
     * turned into CR LF) become the result's stdout; the result's err is {@code script}'s own.
     */
    StowageProcess onTerminal() {
        return new StowageProcess(scratch, environment, stdin, stdout, true, jvmOptions);
    }

    /** What one run did: exit code, standard output exactly as written, standard error as text. */
    record Result(int exitCode, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Starts {@code stowage ARGS} (not on a terminal) and returns at once, its output going to
     * files in the scratch directory; the caller waits for it or kills it.
     */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(Files.write(Files.createTempFile(scratch, "stdin", ""), stdin).toFile())
                .redirectOutput(Files.createTempFile(scratch, "stdout", "").toFile())
                .redirectError(Files.createTempFile(scratch, "stderr", "").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = command(terminal, jvmOptions, args);
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
        Files.delete(in); // the test's own input (a password, say), not something stowage wrote
        return new Result(process.exitValue(), stdout != null ? new byte[0] : Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code stowage ARGS} on a pseudo-terminal (as {@link #onTerminal()}) for a
     * conversation: the test reads what it prints and types answers, as a user at a terminal.
     * The terminal echoes what is typed unless stowage turns echo off.
     */
    Conversation converse(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(true, jvmOptions, args)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new Conversation(builder.start(), String.join(" ", args));
    }

    /** A run of stowage at a terminal: what it printed so far, and a keyboard. */
    static final class Conversation {
        private final Process process;
        private final String description;
        private final java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        private final Thread reader;
        private int seen;

        Conversation(Process process, String description) {
            this.process = process;
            this.description = description;
            this.reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try (java.io.InputStream in = process.getInputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        synchronized (screen) {
                            screen.write(buffer, 0, n);
                            screen.notifyAll();
                        }
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "stowage-terminal");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until {@code text} appears after what earlier waits consumed; fails if stowage ends or takes minutes. */
        Conversation awaitText(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            synchronized (screen) {
                while (true) {
                    String shown = screen.toString(StandardCharsets.UTF_8);
                    int at = shown.indexOf(text, seen);
                    if (at >= 0) {
                        seen = at + text.length();
                        return this;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                        throw new AssertionError("stowage " + description + " never printed \"" + text + "\"; the screen: "
                                + shown);
                    }
                    screen.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                }
            }
        }

        /** Types {@code line} and Enter. */
        Conversation type(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            return this;
        }

        /** Waits for stowage to end; the result's stdout is everything the terminal showed. */
        Result finish() throws IOException, InterruptedException {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("stowage " + description + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            process.getOutputStream().close();
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            synchronized (screen) {
                return new Result(process.exitValue(), screen.toByteArray(), "");
            }
        }
    }

    private static List<String> command(boolean terminal, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        if (terminal) {
            String shell = "stty -onlcr; exec " + String.join(" ", command.stream().map(StowageProcess::shellQuoted).toList());
            command = List.of("script", "--quiet", "--return", "--command", shell, "/dev/null");
        }
        return command;
    }

    private static String shellQuoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
