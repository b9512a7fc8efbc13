package dev.stowage.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code skopeo} as the peer client of interoperability tests, with a time limit
 * and captured output. {@code --insecure-policy} is always passed, and TLS verification is turned
 * off for {@code docker://} references to loopback registries, which the test kit serves over
 * plain HTTP.
 *
 * <pre>{@code
 * Skopeo skopeo = Skopeo.locate();
 * skopeo.copy("oci:" + layout + ":app", "docker://" + registry.host() + "/team/app:1");
 * byte[] manifest = skopeo.inspectRaw("docker://" + registry.host() + "/team/app:1");
 * }</pre>
 */
public final class Skopeo {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> LOOPBACK_PREFIXES =
            List.of("docker://127.0.0.1", "docker://localhost", "docker://[::1]");

    private final Path binary;
    private final Duration timeout;

    private Skopeo(Path binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /**
     * Finds {@code skopeo} on the {@code PATH}. If it is missing, this aborts the calling test
     * (JUnit assumption) or, when the {@code CI} environment variable is set, fails it.
     */
    public static Skopeo locate() {
        return new Skopeo(RequiredTool.locate("skopeo", "skopeo", System.getenv()), DEFAULT_TIMEOUT);
    }

    /** This helper with another time limit per command (the default is 120 s). */
    public Skopeo withTimeout(Duration newTimeout) {
        if (newTimeout.isNegative() || newTimeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + newTimeout);
        }
        return new Skopeo(binary, newTimeout);
    }

    /**
     * Runs {@code skopeo --insecure-policy ARGS…} and returns its exit code and output, whatever
     * the exit code.
     *
     * @throws IllegalStateException if it does not finish within the time limit (it is killed)
     */
    public Result run(String... args) {
        return run(List.of(args));
    }

    /** As {@link #run(String...)}. */
    public Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--insecure-policy");
        command.addAll(args);
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("skopeo-", ".out");
            stderr = Files.createTempFile("skopeo-", ".err");
            // Output goes to files, not pipes, so a chatty command can never block on a full pipe.
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(describe(args) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed; stderr so far:\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Result(args, process.exitValue(), Files.readAllBytes(stdout),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + describe(args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + describe(args), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /**
     * {@code skopeo copy [EXTRA…] SOURCE DESTINATION}, required to succeed.
     *
     * @throws IllegalStateException naming the exit code and skopeo's stderr if it fails
     */
    public Result copy(String source, String destination, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("copy"));
        if (isLoopbackDocker(source)) {
            args.add("--src-tls-verify=false");
        }
        if (isLoopbackDocker(destination)) {
            args.add("--dest-tls-verify=false");
        }
        args.addAll(Arrays.asList(extraArgs));
        args.add(source);
        args.add(destination);
        return run(args).requireSuccess();
    }

    /**
     * {@code skopeo inspect --raw REFERENCE}: the manifest exactly as the source holds it.
     *
     * @throws IllegalStateException naming the exit code and skopeo's stderr if it fails
     */
    public byte[] inspectRaw(String reference) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        if (isLoopbackDocker(reference)) {
            args.add("--tls-verify=false");
        }
        args.add(reference);
        return run(args).requireSuccess().stdoutBytes();
    }

    /**
     * {@code skopeo list-tags REPOSITORY} ({@code docker://host/name}): the tags in the order the
     * registry listed them.
     *
     * @throws IllegalStateException naming the exit code and skopeo's stderr if it fails
     */
    public List<String> listTags(String repository) {
        List<String> args = new ArrayList<>(List.of("list-tags"));
        if (isLoopbackDocker(repository)) {
            args.add("--tls-verify=false");
        }
        args.add(repository);
        Result result = run(args).requireSuccess();
        try {
            List<String> tags = new ArrayList<>();
            new ObjectMapper().readTree(result.stdoutBytes()).path("Tags").forEach(tag -> tags.add(tag.asText()));
            return tags;
        } catch (IOException e) {
            throw new IllegalStateException(describe(args) + " printed no JSON: " + result.stdout(), e);
        }
    }

    /** The command line for messages, with the values of credential options masked. */
    static String describe(List<String> args) {
        StringBuilder line = new StringBuilder("skopeo");
        boolean maskNext = false;
        for (String arg : args) {
            line.append(' ');
            if (maskNext) {
                line.append("***");
                maskNext = false;
            } else if (isSecretOption(arg) && arg.contains("=")) {
                line.append(arg, 0, arg.indexOf('=') + 1).append("***");
            } else {
                line.append(arg);
                maskNext = isSecretOption(arg);
            }
        }
        return line.toString();
    }

    private static boolean isSecretOption(String arg) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        return name.startsWith("--") && (name.endsWith("creds") || name.endsWith("password")
                || name.endsWith("registry-token"));
    }

    private static boolean isLoopbackDocker(String reference) {
        return LOOPBACK_PREFIXES.stream().anyMatch(reference::startsWith);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover file in the temp directory is harmless.
        }
    }

    /**
     * What one skopeo command did.
     *
     * @param args        the arguments after {@code skopeo --insecure-policy}
     * @param exitCode    the process's exit code
     * @param stdoutBytes standard output exactly as written
     * @param stderr      standard error as text
     */
    public record Result(List<String> args, int exitCode, byte[] stdoutBytes, String stderr) {
        public Result {
            args = List.copyOf(args);
            stdoutBytes = stdoutBytes.clone();
            Objects.requireNonNull(stderr, "stderr");
        }

        @Override
        public byte[] stdoutBytes() {
            return stdoutBytes.clone();
        }

        /** Standard output as UTF-8 text. */
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public boolean succeeded() {
            return exitCode == 0;
        }

        /**
         * Returns this result if the command succeeded.
         *
         * @throws IllegalStateException naming the command, exit code and stderr otherwise
         */
        public Result requireSuccess() {
            if (!succeeded()) {
                throw new IllegalStateException(describe(args) + " exited with " + exitCode
                        + ":\n" + stderr);
            }
            return this;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Result that && exitCode == that.exitCode && args.equals(that.args)
                    && Arrays.equals(stdoutBytes, that.stdoutBytes) && stderr.equals(that.stderr);
        }

        @Override
        public int hashCode() {
            return Objects.hash(args, exitCode, Arrays.hashCode(stdoutBytes), stderr);
        }

        @Override
        public String toString() {
            return "Skopeo.Result[" + describe(args) + " → exit " + exitCode + ", "
                    + stdoutBytes.length + " bytes of stdout, stderr: " + stderr.strip() + "]";
        }
    }
}
