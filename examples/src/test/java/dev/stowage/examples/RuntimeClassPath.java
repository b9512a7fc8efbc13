package dev.stowage.examples;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path an application of the examples runs on outside its tests: this module's classes
 * and its runtime dependencies as Maven resolves them for a user (core, registry client, file
 * store and what they need, optional dependencies left out), written by the build into
 * {@code target/runtime-classpath.txt}.
 */
final class RuntimeClassPath {
    private RuntimeClassPath() {
    }

    /** The dependencies, jars (or a reactor module's classes directory). */
    static List<Path> dependencies() {
        try {
            String text = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
            return Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the build writes target/runtime-classpath.txt (maven-dependency-plugin)", e);
        }
    }

    /** {@code -cp} for a child JVM: this module's classes, then the dependencies. */
    static String forJava() {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target", "classes").toAbsolutePath().toString());
        dependencies().forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    /** Bytes of a jar, or of every file under a classes directory. */
    static long size(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    return files.filter(Files::isRegularFile).mapToLong(RuntimeClassPath::fileSize).sum();
                }
            }
            return Files.size(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
