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
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process was killed
            }
        });
        reader.start();
    }

    void awaitReady() throws InterruptedException {
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM did not start within 60 s");
        }
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
