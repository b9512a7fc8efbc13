package dev.stowage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.ImageManager;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.store.InMemoryImageStore;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.registry.RecordedRequest;
import dev.stowage.testkit.registry.RequestKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a user's build runs it: Maven (the one running this build) builds a sample project
 * whose package phase runs {@code stowage:build} against the test kit's registry. The plugin and
 * Stowage come from a private local repository the build filled (target/it-repo, never the shared
 * one); everything else from the machine's Maven cache, else Maven Central. A second sample, a test
 * suite on JUnit 5.10 with the test kit, must run its test: the kit no longer brings its own JUnit.
 */
class StowageMavenPluginIT {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.inProcess();

    private static String base;
    private static BuiltImage baseImage;

    @TempDir
    Path dir;

    @BeforeAll
    static void publishABase() {
        base = registry.host() + "/base/jre:21";
        byte[] runtime = new byte[300_000];
        new Random(21).nextBytes(runtime);
        try (ImageManager images = manager()) {
            baseImage = ImageBuilder.fromScratch(images).layer(l -> l.file("opt/java/lib/runtime.bin", runtime))
                    .layer(l -> l.file("etc/os-release", "ID=sample\n".getBytes()))
                    .build(base);
            images.push(base).call();
        }
    }

    @Test
    void buildPushesTheProjectsJarOnTheBaseAndMountsTheBaseLayers() throws Exception {
        Path project = copy("sample-app");
        String target = registry.host() + "/team/sample-app:1.0";
        registry.clearRequests();

        Result result = maven(project, "package", "-Dstowage.from=" + base, "-Dstowage.to=" + target);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Pushed " + target + "@sha256:"), result.output());
        assertTrue(result.output().contains("base layers: 2 mounted, 0 already there, 0 copied (0 bytes)"), result.output());
        assertEquals(2, registry.requests(RequestKind.MOUNT).size());
        for (Descriptor layer : baseImage.layers()) {
            assertFalse(registry.requests(RequestKind.BLOB_GET).stream().map(RecordedRequest::target)
                    .anyMatch(t -> t.endsWith(layer.digest().toString())), "base layer " + layer.digest() + " was read");
        }
        try (ImageManager images = manager()) {
            images.pull(target).call();
            ImageManifest manifest = (ImageManifest) images.store().manifest(images.inspect(target).call().digest());
            assertEquals(3, manifest.layers().size());
            assertEquals(baseImage.layers(), manifest.layers().subList(0, 2));
            assertEquals(List.of("java", "-jar", "/app/sample-app-1.0.jar"),
                    images.inspect(target).call().config().entrypoint());
        }
    }

    @Test
    void aTestSuiteOnJunit510RunsItsTestWithTheTestKit() throws Exception {
        Path project = copy("testkit-junit510");

        Result result = maven(project, "test");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), result.output());
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs the Maven of this build on {@code project}, with the private repository and the machine's cache. */
    private Result maven(Path project, String... arguments) throws IOException, InterruptedException {
        Path repository = Path.of(System.getProperty("it.repository"));
        installTheBom(repository);
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, settings());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "--no-transfer-progress", "-s", settings.toString(), "-Dmaven.repo.local=" + repository,
                "-Dstowage.version=" + System.getProperty("stowage.version")));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("maven.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("MAVEN_OPTS");
        Process maven = builder.start();
        boolean done = maven.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            maven.destroyForcibly().waitFor();
        }
        return new Result(done ? maven.exitValue() : -1, Files.readString(log));
    }

    /**
     * The machine's Maven cache as a repository to read from, before Central: what Stowage's own build
     * downloaded is not downloaded again, and nothing is written there.
     */
    private static String settings() {
        String cache = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>cache</id>
                      <repositories><repository><id>machine-cache</id><url>%1$s</url></repository></repositories>
                      <pluginRepositories><pluginRepository><id>machine-cache</id><url>%1$s</url></pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>cache</activeProfile></activeProfiles>
                </settings>
                """.formatted(cache);
    }

    /** The BOM is no dependency of this module, so invoker:install leaves it out; the sample imports it. */
    private static void installTheBom(Path repository) throws IOException {
        String version = System.getProperty("stowage.version");
        Path target = repository.resolve("dev/stowage/stowage-bom/" + version + "/stowage-bom-" + version + ".pom");
        Files.createDirectories(target.getParent());
        Files.copy(Path.of("..", "..", "bom", "pom.xml"), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path copy(String sample) throws IOException {
        Path from = Path.of("src", "it", sample);
        Path to = dir.resolve(sample);
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                try {
                    Path destination = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return to;
    }

    private static ImageManager manager() {
        return ImageManager.builder().store(InMemoryImageStore.create()).credentials(CredentialProvider.anonymous())
                .build();
    }
}
