package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every library module a user depends on is published with a -sources jar holding all of its code
 * and a -javadoc jar with a page for its public types, so an IDE shows both. The build made them
 * (package phase) before this module's integration tests run; the version is the reactor's.
 */
class PublishedArtifactsIT {
    private static final String VERSION = System.getProperty("stowage.version");

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "core, stowage-core, dev/stowage/core/ImageManager",
        "registry-client, stowage-registry-client, dev/stowage/registry/RegistryClient",
        "layer-store, stowage-layer-store, dev/stowage/store/FileImageStore",
        "testkit, stowage-testkit, dev/stowage/testkit/RegistryExtension"})
    void theSourcesJarHoldsEverySourceFile(String module, String artifactId, String type) throws IOException {
        Set<String> sources = sourceFiles(Path.of("..", module, "src", "main", "java"));

        Set<String> published = entries(jar(module, artifactId, "sources"));

        assertTrue(sources.contains(type + ".java"), type + " is no longer in " + module);
        Set<String> missing = new TreeSet<>(sources);
        missing.removeAll(published);
        assertEquals(Set.of(), missing, "source files missing from " + artifactId + "-sources.jar");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "core, stowage-core, dev/stowage/core/ImageManager",
        "registry-client, stowage-registry-client, dev/stowage/registry/RegistryClient",
        "layer-store, stowage-layer-store, dev/stowage/store/FileImageStore",
        "testkit, stowage-testkit, dev/stowage/testkit/RegistryExtension"})
    void theJavadocJarHasAPageForThePublicTypes(String module, String artifactId, String type) throws IOException {
        Set<String> published = entries(jar(module, artifactId, "javadoc"));

        assertTrue(published.contains("index.html"), "index.html is missing from " + artifactId + "-javadoc.jar");
        // javadoc files the pages under the module's name (the jar's Automatic-Module-Name) when it has one
        String page = type + ".html";
        assertTrue(published.stream().anyMatch(e -> e.equals(page) || e.endsWith("/" + page)),
                page + " is missing from " + artifactId + "-javadoc.jar");
    }

    private static Path jar(String module, String artifactId, String classifier) {
        assertTrue(VERSION != null && !VERSION.isBlank(), "the build passes -Dstowage.version");
        Path jar = Path.of("..", module, "target", artifactId + "-" + VERSION + "-" + classifier + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " was not built");
        return jar;
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName()).collect(Collectors.toSet());
        }
    }

    private static Set<String> sourceFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(name -> name.endsWith(".java")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
