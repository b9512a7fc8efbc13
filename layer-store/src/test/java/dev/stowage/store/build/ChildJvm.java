package dev.stowage.store.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a fresh JVM and returns what it printed. */
final class ChildJvm {
    private ChildJvm() {
    }

    static String run(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "child", ".out");
        Path err = Files.createTempFile(workDir, "child", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(done, "child JVM did not finish in 10 minutes: " + stderr);
        assertEquals(0, process.exitValue(), "child JVM failed: " + stderr);
        return Files.readString(out, StandardCharsets.UTF_8).strip();
    }
}
