package dev.stowage.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails a test in which a credential it uses shows up where credentials must never be: a log
 * record of any logger at any level ({@code System.Logger} and {@code java.util.logging}, with
 * their stack traces), anything written to {@code System.out} or {@code System.err}, the message,
 * {@code toString()} or stack trace of an exception the test fails with or hands to
 * {@link #check(Throwable)}, any text given to {@link #check(Object)}, and any file under the
 * test's {@code @TempDir} directories (or {@link #scanning} ones) other than a credential store.
 * Watched are each password given, its {@code user:password} base64 (what {@code Authorization:
 * Basic} and docker's {@code config.json} hold), and every token the test kit's token servers hand
 * out, each also URL-encoded.
 *
 * <pre>{@code
 * static final HtpasswdMode BASIC = RegistryMode.htpasswd("alice", "s3cret-pw");
 *
 * @RegisterExtension
 * static CredentialAudit audit = CredentialAudit.create().watch(BASIC).credentialStoreNamed("config.json");
 *
 * StowageException e = assertThrows(StowageException.class, () -> ...);
 * audit.check(e);
 * }</pre>
 *
 * One test at a time: it swaps {@code System.out}, {@code System.err} and the root logger's
 * level for the test's duration. Files over 64 MiB (blobs) are not read.
 */
public final class CredentialAudit implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
    private static final long MAX_SCANNED_FILE = 64L << 20;
    /** Shorter strings turn up by chance in random bytes and ordinary text. */
    private static final int MIN_SECRET_LENGTH = 6;

    private final List<Supplier<Collection<String>>> sources = new CopyOnWriteArrayList<>();
    private final Set<String> storeNames = new LinkedHashSet<>();
    private final List<Path> storePaths = new CopyOnWriteArrayList<>();
    private final List<Path> scanned = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<String> findings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ByteArrayOutputStream console;
    private PrintStream savedOut;
    private PrintStream savedErr;
    private Level savedLevel;

    private CredentialAudit() {
        capture.setLevel(Level.ALL);
    }

    /** An audit watching nothing yet. */
    public static CredentialAudit create() {
        return new CredentialAudit();
    }

    /** Watches {@code secret} (a password, a token) as it is. */
    public CredentialAudit watch(String secret) {
        sources.add(() -> List.of(secret));
        return this;
    }

    /** Watches {@code password} and the base64 of {@code user:password}. */
    public CredentialAudit watchBasic(String user, String password) {
        String pair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        sources.add(() -> List.of(password, pair));
        return this;
    }

    /** Watches the registry's password and its basic pair. */
    public CredentialAudit watch(HtpasswdMode mode) {
        return watchBasic(mode.username(), mode.password());
    }

    /** Watches the password and its basic pair, and every token the mode's token server hands out. */
    public CredentialAudit watch(TokenAuthMode mode) {
        watchBasic(mode.username(), mode.password());
        sources.add(() -> {
            try {
                return mode.server().issuedTokens();
            } catch (IllegalStateException e) {
                return List.of(); // no registry in this mode is running: it hands out nothing
            }
        });
        return this;
    }

    /** Files with this name are credential stores ({@code config.json}, {@code auth.json}): they may hold secrets. */
    public CredentialAudit credentialStoreNamed(String fileName) {
        storeNames.add(fileName);
        return this;
    }

    /** This file is a credential store (a credential helper's own storage, say). */
    public CredentialAudit credentialStore(Path file) {
        storePaths.add(file.toAbsolutePath().normalize());
        return this;
    }

    /** Also scans the files under {@code directory} after each test (its {@code @TempDir}s are scanned anyway). */
    public CredentialAudit scanning(Path directory) {
        scanned.add(directory);
        return this;
    }

    /** Checks an exception's message, {@code toString()} and whole stack trace (causes, suppressed). */
    public void check(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        check("an exception's message", String.valueOf(thrown.getMessage()));
        check("an exception's toString()", thrown.toString());
        check("an exception's stack trace", trace.toString());
    }

    /** Checks {@code value.toString()} (an object's description, a process's output). */
    public void check(Object value) {
        check("a toString()", String.valueOf(value));
    }

    /** What each log record captured so far in this test was, formatted: to check that the capture saw the code's own. */
    public List<String> logged() {
        return List.copyOf(logged);
    }

    private void check(String where, String text) {
        for (String secret : secrets()) {
            if (text.contains(secret)) {
                findings.add(where + " holds a credential (" + redact(secret) + "): " + excerpt(text, secret));
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        logged.clear();
        findings.clear();
        Logger root = Logger.getLogger("");
        savedLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        savedOut = System.out;
        savedErr = System.err;
        console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(savedOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(savedErr, console), true, StandardCharsets.UTF_8));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        int before = findings.size();
        check(thrown);
        if (findings.size() > before) {
            // in place of the failure, which would carry the secret into the report
            throw new AssertionError("credentials leaked (the test failed with "
                    + thrown.getClass().getName() + "):\n  " + String.join("\n  ", findings.subList(before, findings.size())));
        }
        throw thrown;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(savedLevel);
        System.out.flush();
        System.err.flush();
        System.setOut(savedOut);
        System.setErr(savedErr);
        for (String line : logged) {
            check("a log record", line);
        }
        check("System.out or System.err", console.toString(StandardCharsets.UTF_8));
        List<Path> directories = new ArrayList<>(scanned);
        directories.addAll(tempDirectories(context));
        for (Path directory : directories) {
            scan(directory);
        }
        if (!findings.isEmpty()) {
            throw new AssertionError("credentials leaked:\n  " + String.join("\n  ", findings));
        }
    }

    /** Every secret watched now (a token server hands out more as the test runs), in its plain and URL-encoded forms. */
    private Set<String> secrets() {
        Set<String> all = new LinkedHashSet<>();
        for (Supplier<Collection<String>> source : sources) {
            for (String secret : source.get()) {
                if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                    all.add(secret);
                    all.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
                }
            }
        }
        return all;
    }

    private void scan(Path directory) {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<String> secrets = secrets();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || storeNames.contains(file.getFileName().toString())
                        || storePaths.contains(file.toAbsolutePath().normalize()) || Files.size(file) > MAX_SCANNED_FILE) {
                    continue;
                }
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (content.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                        findings.add("file " + file + " holds a credential (" + redact(secret) + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + directory + " for credentials", e);
        }
    }

    /** The test class's and instance's {@code @TempDir} fields of type {@code Path}. */
    private static List<Path> tempDirectories(ExtensionContext context) {
        List<Path> out = new ArrayList<>();
        List<Object> instances = context.getTestInstances().map(i -> i.getAllInstances()).orElse(List.of());
        for (Class<?> type = context.getRequiredTestClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!field.isAnnotationPresent(TempDir.class) || field.getType() != Path.class) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    if (Modifier.isStatic(field.getModifiers())) {
                        add(out, field.get(null));
                    } else {
                        for (Object instance : instances) {
                            if (field.getDeclaringClass().isInstance(instance)) {
                                add(out, field.get(instance));
                            }
                        }
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read @TempDir field " + field, e);
                }
            }
        }
        return out;
    }

    private static void add(List<Path> out, Object value) {
        if (value instanceof Path p) {
            out.add(p);
        }
    }

    /** Enough of a secret to tell which one leaked, not enough to use it. */
    private static String redact(String secret) {
        return secret.substring(0, 2) + "…(" + secret.length() + " characters)";
    }

    private static String excerpt(String text, String secret) {
        int at = text.indexOf(secret);
        int from = Math.max(0, at - 60);
        int to = Math.min(text.length(), at + secret.length() + 20);
        return (from > 0 ? "…" : "") + text.substring(from, at) + "<SECRET>" + text.substring(at + secret.length(), to)
                + (to < text.length() ? "…" : "");
    }

    /** Writes to the console as before and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
