package dev.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Files a test plants outside a directory under test, to prove that code working on that
 * directory never reads, writes or deletes anything outside it (a tampered store whose links point
 * at them, say). {@link #assertUntouched()} checks that no file was added or removed, that each
 * kept its content and modification time and, where the file system records access times (not
 * mounted {@code noatime}), that none was read. Each file holds {@link #secret()}, so a test can
 * also look for it where it must never arrive (output, a registry's storage).
 *
 * <pre>{@code
 * Canaries outside = Canaries.in(tempDir.resolve("outside"));
 * outside.plant("12345");
 * Files.createSymbolicLink(store.resolve("stowage/leases"), outside.directory());
 * store.diskUsage();
 * outside.assertUntouched();
 * }</pre>
 */
public final class Canaries {
    /** Older than any staleness rule (a partial download untouched for an hour, say). */
    private static final FileTime MODIFIED = FileTime.from(Instant.parse("2020-01-02T00:00:00Z"));
    /** Before the modification time: under {@code relatime} the next read moves it. */
    private static final FileTime ACCESSED = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    private final Path directory;
    private final byte[] secret;
    private final boolean accessTimesRecorded;
    private final Map<String, byte[]> planted = new LinkedHashMap<>();

    private Canaries(Path directory, byte[] secret, boolean accessTimesRecorded) {
        this.directory = directory;
        this.secret = secret;
        this.accessTimesRecorded = accessTimesRecorded;
    }

    /** Canaries in {@code directory} (created if missing; it should hold nothing else). */
    public static Canaries in(Path directory) {
        try {
            Files.createDirectories(directory);
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            byte[] secret = ("stowage-canary-" + HexFormat.of().formatHex(random)).getBytes(StandardCharsets.US_ASCII);
            return new Canaries(directory, secret, accessTimesRecorded(directory.getParent()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plant canaries in " + directory, e);
        }
    }

    /** Whether reading a file on this file system moves its access time (false under {@code noatime}). */
    private static boolean accessTimesRecorded(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, "atime-probe", "");
        try {
            Files.write(probe, new byte[] {1});
            setTimes(probe);
            Files.readAllBytes(probe);
            return !accessed(probe).equals(ACCESSED);
        } finally {
            Files.delete(probe);
        }
    }

    /** Plants a file at {@code relativePath} (sub-directories made as needed) holding the secret and its own name. */
    public Path plant(String relativePath) {
        return plant(relativePath, -1);
    }

    /**
     * Plants a file of exactly {@code size} bytes (-1: just long enough): the secret, its name,
     * then filler. A file shorter than the secret holds only its start.
     */
    public Path plant(String relativePath, int size) {
        byte[] text = (new String(secret, StandardCharsets.US_ASCII) + " " + relativePath + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] content = size < 0 ? text : Arrays.copyOf(text, size);
        for (int i = text.length; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        Path file = directory.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            setTimes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plant canary " + file, e);
        }
        planted.put(relativePath, content);
        return file;
    }

    /** The directory holding the canaries. */
    public Path directory() {
        return directory;
    }

    /** What every canary file holds (unless shorter): look for it where outside content must never arrive. */
    public byte[] secret() {
        return secret.clone();
    }

    /** Whether {@code text} holds the secret. */
    public boolean isIn(String text) {
        return text.contains(new String(secret, StandardCharsets.US_ASCII));
    }

    /**
     * Fails unless the directory holds exactly the planted files, each with its content and
     * modification time, and (where recorded) none was read since planting.
     */
    public void assertUntouched() {
        List<String> wrong = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        try (Stream<Path> all = Files.walk(directory)) {
            all.filter(p -> !p.equals(directory)).forEach(p -> found.add(directory.relativize(p).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        Set<String> expected = new TreeSet<>();
        for (String name : planted.keySet()) {
            for (Path p = Path.of(name); p != null; p = p.getParent()) {
                expected.add(p.toString());
            }
        }
        for (String name : found) {
            if (!expected.contains(name)) {
                wrong.add(name + " was created");
            }
        }
        for (Map.Entry<String, byte[]> c : planted.entrySet()) {
            Path file = directory.resolve(c.getKey());
            if (!found.contains(c.getKey())) {
                wrong.add(c.getKey() + " was deleted");
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) {
                    wrong.add(c.getKey() + " was replaced");
                    continue;
                }
                if (accessTimesRecorded && !a.lastAccessTime().equals(ACCESSED)) {
                    wrong.add(c.getKey() + " was read (accessed " + a.lastAccessTime() + ")");
                }
                if (!a.lastModifiedTime().equals(MODIFIED)) {
                    wrong.add(c.getKey() + " was modified (at " + a.lastModifiedTime() + ")");
                }
                if (!Arrays.equals(Files.readAllBytes(file), c.getValue())) {
                    wrong.add(c.getKey() + " has other content");
                }
                setTimes(file); // this check's own read must not count as one next time
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check canary " + file, e);
            }
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("files outside the directory under test were touched, in " + directory + ": "
                    + String.join("; ", wrong));
        }
    }

    private static void setTimes(Path file) throws IOException {
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(MODIFIED, ACCESSED, null);
    }

    private static FileTime accessed(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime();
    }

    @Override
    public String toString() {
        return "Canaries[" + directory + ", " + planted.keySet() + (accessTimesRecorded ? "" : ", reads not detectable")
                + "]";
    }
}
