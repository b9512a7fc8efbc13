package dev.stowage.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link StoreWorker} in its own JVM, with its output lines collected as they come. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;
    /** Set, under the lock of {@link #lines}, once the child's output has ended. */
    private boolean ended;

    ChildJvm(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), StoreWorker.class.getName()));
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    }
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException killed) {
                // the process was killed
            } finally {
                synchronized (lines) {
                    ended = true;
                    lines.notifyAll();
                }
            }
        });
        reader.start();
    }

    void awaitReady() throws InterruptedException {
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM did not start within 60 s");
        }
    }

    /**
     * Waits until the child has printed {@code count} lines starting with {@code prefix}, so a
     * kill lands mid-work however slow the machine is.
     */
    void awaitLines(String prefix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (lines) {
            while (lines.stream().filter(l -> l.startsWith(prefix)).count() < count) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("child printed fewer than " + count + " \"" + prefix + "\" lines: " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** How many lines starting with {@code prefix} the child has printed so far. */
    int count(String prefix) {
        return (int) lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** SIGKILL, then every line it printed before dying. */
    List<String> kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        reader.join();
        return List.copyOf(lines);
    }

    /** Waits for a normal end; returns the exit code. */
    int await() throws InterruptedException {
        int code = process.waitFor();
        reader.join();
        return code;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
