package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RegistryAccessTest {

    @Test
    void hostWithPortIsARegistry() {
        assertEquals("127.0.0.1:5000", RegistryAccess.registryHost("127.0.0.1:5000"));
    }

    @Test
    void dottedHostAndLocalhostAreRegistries() {
        assertEquals("registry.example.com", RegistryAccess.registryHost("registry.example.com"));
        assertEquals("localhost", RegistryAccess.registryHost("localhost"));
    }

    @Test
    void dockerHubsLegacyNameIsNormalised() {
        assertEquals("docker.io", RegistryAccess.registryHost("index.docker.io"));
    }

    @Test
    void repositoryNameIsNotTakenForARegistry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegistryAccess.registryHost("nginx"));
        assertTrue(e.getMessage().startsWith("invalid registry \"nginx\": expected a registry host"), e.getMessage());
    }

    @Test
    void urlIsNotARegistryHost() {
        assertThrows(IllegalArgumentException.class, () -> RegistryAccess.registryHost("https://registry.example.com"));
        assertThrows(IllegalArgumentException.class, () -> RegistryAccess.registryHost("registry.example.com/team"));
    }

    @Test
    void loginAcceptsAUrlOrATrailingSlashAndKeepsTheHostAsDockerDoes() {
        assertEquals("registry.example.com", RegistryAccess.loginHost("https://registry.example.com"));
        assertEquals("registry.example.com:5000", RegistryAccess.loginHost("HTTP://registry.example.com:5000/"));
        assertEquals("127.0.0.1:5000", RegistryAccess.loginHost("127.0.0.1:5000/"));
        assertEquals("registry.example.com", RegistryAccess.loginHost("registry.example.com/v2/"));
    }

    @Test
    void loginReadsDockerHubsServerAddressAndNamesAsDockerHub() {
        assertEquals("docker.io", RegistryAccess.loginHost("https://index.docker.io/v1/"));
        assertEquals("docker.io", RegistryAccess.loginHost("docker.io"));
        assertEquals("docker.io", RegistryAccess.loginHost("index.docker.io"));
    }

    @Test
    void loginStillRefusesWhatIsNoHost() {
        assertThrows(IllegalArgumentException.class, () -> RegistryAccess.loginHost("https://"));
        assertThrows(IllegalArgumentException.class, () -> RegistryAccess.loginHost("nginx"));
    }

    @Test
    void insecureRegistryIsAcceptedBeforeTheSubcommandAndRepeatable() {
        CommandLine commandLine = StowageCli.commandLine();

        commandLine.parseArgs("--insecure-registry", "a.example:5000", "--insecure-registry", "b.example",
                "ls", "a.example:5000/app");

        assertEquals(List.of("a.example:5000", "b.example"),
                ((StowageCli) commandLine.getCommand()).registryAccess().insecureRegistries());
    }

    @Test
    void insecureRegistryAfterTheSubcommandReachesTheTopCommand() {
        CommandLine commandLine = StowageCli.commandLine();

        commandLine.parseArgs("ls", "a.example:5000/app", "--insecure-registry", "a.example:5000");

        assertEquals(List.of("a.example:5000"),
                ((StowageCli) commandLine.getCommand()).registryAccess().insecureRegistries());
    }
}
