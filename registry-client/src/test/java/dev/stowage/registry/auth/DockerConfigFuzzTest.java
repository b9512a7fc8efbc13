package dev.stowage.registry.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The docker {@code config.json} reader on any file: a credential or none, or
 * {@link CredentialStoreException} naming the file. Credential helpers are looked for in an empty
 * directory only, so a {@code credsStore} the input names runs nothing.
 */
class DockerConfigFuzzTest {
    private static final Path DIR = temporaryDirectory();

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("docker-config-fuzz");
            Files.createDirectories(dir.resolve("no-helpers"));
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void credentialFor(byte[] configJson) throws IOException {
        Files.write(DIR.resolve("config.json"), configJson);
        DockerCredentials credentials = DockerCredentials.builder().configDir(DIR)
                .helperPath(List.of(DIR.resolve("no-helpers"))).helperTimeout(Duration.ofSeconds(1)).build();
        try {
            credentials.credentialFor("registry.example.com:5000");
            credentials.credentialFor("docker.io");
        } catch (CredentialStoreException e) {
            // declared: unreadable config, or a helper that is not there
        }
    }
}
