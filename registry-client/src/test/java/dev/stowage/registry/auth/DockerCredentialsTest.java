package dev.stowage.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.Credential;
import dev.stowage.testkit.CredentialAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DockerCredentialsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** docker's and containers' credential stores, and the fake helper's. */
    @RegisterExtension
    static CredentialAudit audit = CredentialAudit.create().watchBasic("alice", "s3cret")
            .credentialStoreNamed("config.json").credentialStoreNamed("auth.json").credentialStoreNamed("stored.json");

    @TempDir
    Path dir;

    private DockerCredentials credentials() {
        return DockerCredentials.builder().configDir(dir).helperPath(List.of(dir.resolve("bin")))
                .helperTimeout(Duration.ofSeconds(5)).build();
    }

    private void writeConfig(String json) throws Exception {
        Files.writeString(dir.resolve("config.json"), json);
    }

    private JsonNode config() throws Exception {
        return JSON.readTree(dir.resolve("config.json").toFile());
    }

    @Test
    void storedCredentialIsReadBack() {
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        assertEquals(Optional.of(Credential.basic("alice", "s3cret")), credentials().credentialFor("127.0.0.1:5000"));
    }

    @Test
    void storeWritesBase64AuthUnderHostAndPort() throws Exception {
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        assertEquals("YWxpY2U6czNjcmV0", config().path("auths").path("127.0.0.1:5000").path("auth").asText());
    }

    @Test
    void storedConfigIsReadableByItsOwnerOnly() throws Exception {
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json"))));
    }

    @Test
    void storeKeepsEveryUnknownField() throws Exception {
        writeConfig("{\"psFormat\":\"table {{.ID}}\",\"plugins\":{\"x\":{\"a\":1}},"
                + "\"auths\":{\"other:1\":{\"auth\":\"dTpw\",\"email\":\"e@x\"},\"127.0.0.1:5000\":{\"email\":\"keep@x\"}}}");
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        JsonNode c = config();
        assertEquals("table {{.ID}}", c.path("psFormat").asText());
        assertEquals(1, c.path("plugins").path("x").path("a").asInt());
        assertEquals("e@x", c.path("auths").path("other:1").path("email").asText());
        assertEquals("keep@x", c.path("auths").path("127.0.0.1:5000").path("email").asText());
    }

    @Test
    void dockerHubIsStoredUnderTheIndexKey() throws Exception {
        credentials().store("docker.io", Credential.basic("bob", "pw"));
        assertTrue(config().path("auths").has("https://index.docker.io/v1/"));
        assertEquals(Optional.of(Credential.basic("bob", "pw")), credentials().credentialFor("docker.io"));
    }

    @Test
    void keysWithSchemeAndPathStillMatch() throws Exception {
        writeConfig("{\"auths\":{\"https://reg.example.com/v1/\":{\"username\":\"u\",\"password\":\"p\"}}}");
        assertEquals(Optional.of(Credential.basic("u", "p")), credentials().credentialFor("reg.example.com"));
    }

    @Test
    void identityTokenEntryGivesAnIdentityToken() throws Exception {
        writeConfig("{\"auths\":{\"reg.example.com\":{\"auth\":\"\",\"identitytoken\":\"refresh-me\"}}}");
        Credential c = credentials().credentialFor("reg.example.com").orElseThrow();
        assertEquals(Optional.of("refresh-me"), c.identityToken());
    }

    @Test
    void eraseRemovesTheEntryAndReportsIt() throws Exception {
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        assertTrue(credentials().erase("127.0.0.1:5000"));
        assertFalse(config().path("auths").has("127.0.0.1:5000"));
        assertEquals(Optional.empty(), credentials().credentialFor("127.0.0.1:5000"));
    }

    @Test
    void eraseOfAnUnknownRegistryChangesNothing() {
        assertFalse(credentials().erase("nowhere:1"));
        assertFalse(Files.exists(dir.resolve("config.json")));
    }

    @Test
    void missingConfigMeansNoCredential() {
        assertEquals(Optional.empty(), credentials().credentialFor("127.0.0.1:5000"));
    }

    @Test
    void invalidJsonIsReportedWithTheFileName() throws Exception {
        writeConfig("{\"auths\": {");
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> credentials().credentialFor("x"));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void badBase64NamesTheKeyButNotTheValue() throws Exception {
        writeConfig("{\"auths\":{\"reg:1\":{\"auth\":\"!!notbase64secret\"}}}");
        CredentialStoreException e = assertThrows(CredentialStoreException.class,
                () -> credentials().credentialFor("reg:1"));
        assertTrue(e.getMessage().contains("auths[\"reg:1\"].auth"), e.getMessage());
        assertFalse(e.getMessage().contains("notbase64secret"), e.getMessage());
    }

    @Test
    void containersAuthFileIsAReadFallback() throws Exception {
        Path authJson = dir.resolve("containers-auth.json");
        Files.writeString(authJson, "{\"auths\":{\"quay.example\":{\"auth\":\"dTpw\"}}}");
        DockerCredentials creds = DockerCredentials.builder().configDir(dir).authFile(authJson).build();
        assertEquals(Optional.of(Credential.basic("u", "p")), creds.credentialFor("quay.example"));
    }

    @Test
    void environmentChoosesDockerConfigAndRegistryAuthFile() {
        DockerCredentials creds = DockerCredentials.fromEnvironment(
                Map.of("DOCKER_CONFIG", dir.toString(), "REGISTRY_AUTH_FILE", "/x/auth.json"), Path.of("/home/u"));
        assertEquals(dir.resolve("config.json"), creds.configFile());
    }

    @Test
    void environmentWithoutDockerConfigUsesHome() {
        DockerCredentials creds = DockerCredentials.fromEnvironment(Map.of(), Path.of("/home/u"));
        assertEquals(Path.of("/home/u/.docker/config.json"), creds.configFile());
    }

    private Path fakeHelper(String name, String script) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-" + name);
        Files.writeString(helper, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    /** A helper that keeps one credential in a file beside itself, speaking docker's protocol. */
    private Path fileBackedHelper() throws Exception {
        return fakeHelper("test", """
                d=$(dirname "$0")
                case "$1" in
                  get) url=$(cat); if [ -f "$d/stored.json" ]; then cat "$d/stored.json"; else echo "credentials not found in native keychain"; exit 1; fi ;;
                  store) cat > "$d/stored.json" ;;
                  erase) cat > "$d/erased"; rm -f "$d/stored.json" ;;
                esac
                """);
    }

    @Test
    void credHelperStoresAndReadsThroughTheHelperProtocol() throws Exception {
        Path bin = fileBackedHelper();
        writeConfig("{\"credHelpers\":{\"127.0.0.1:5000\":\"test\"}}");
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        JsonNode sent = JSON.readTree(bin.resolve("stored.json").toFile());
        assertEquals("127.0.0.1:5000", sent.path("ServerURL").asText());
        assertEquals("alice", sent.path("Username").asText());
        assertEquals(Optional.of(Credential.basic("alice", "s3cret")), credentials().credentialFor("127.0.0.1:5000"));
    }

    @Test
    void credHelperSecretIsNeverWrittenToConfigJson() throws Exception {
        fileBackedHelper();
        writeConfig("{\"credsStore\":\"test\"}");
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        String config = Files.readString(dir.resolve("config.json"));
        assertFalse(config.contains("s3cret") || config.contains("YWxpY2U6czNjcmV0"), config);
        assertTrue(config().path("auths").has("127.0.0.1:5000"));
    }

    @Test
    void credHelperWithoutEntryMeansNoCredential() throws Exception {
        fileBackedHelper();
        writeConfig("{\"credsStore\":\"test\"}");
        assertEquals(Optional.empty(), credentials().credentialFor("127.0.0.1:5000"));
    }

    @Test
    void credHelperTokenUserGivesAnIdentityToken() throws Exception {
        fakeHelper("test", "echo '{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"refresh\"}'\n");
        writeConfig("{\"credsStore\":\"test\"}");
        assertEquals(Optional.of(Credential.identityToken("refresh")), credentials().credentialFor("x"));
    }

    @Test
    void eraseAsksTheHelperForTheServerUrl() throws Exception {
        Path bin = fileBackedHelper();
        writeConfig("{\"credHelpers\":{\"127.0.0.1:5000\":\"test\"}}");
        credentials().store("127.0.0.1:5000", Credential.basic("alice", "s3cret"));
        credentials().erase("127.0.0.1:5000");
        assertEquals("127.0.0.1:5000", Files.readString(bin.resolve("erased")));
        assertEquals(Optional.empty(), credentials().credentialFor("127.0.0.1:5000"));
    }

    @Test
    void missingHelperIsNamedInTheError() throws Exception {
        writeConfig("{\"credsStore\":\"absent\"}");
        CredentialStoreException e = assertThrows(CredentialStoreException.class, () -> credentials().credentialFor("x"));
        assertTrue(e.getMessage().contains("docker-credential-absent"), e.getMessage());
    }

    @Test
    void helperThatHangsIsStoppedAtTheTimeLimit() throws Exception {
        fakeHelper("slow", "exec sleep 60\n");
        writeConfig("{\"credsStore\":\"slow\"}");
        DockerCredentials creds = DockerCredentials.builder().configDir(dir).helperPath(List.of(dir.resolve("bin")))
                .helperTimeout(Duration.ofMillis(300)).build();
        CredentialStoreException e = assertThrows(CredentialStoreException.class, () -> creds.credentialFor("x"));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void helperFailureMessageNamesTheHelperAndExitCode() throws Exception {
        fakeHelper("test", "echo 'keychain locked'; exit 3\n");
        writeConfig("{\"credsStore\":\"test\"}");
        CredentialStoreException e = assertThrows(CredentialStoreException.class, () -> credentials().credentialFor("x"));
        assertEquals("docker-credential-test get failed with exit code 3: keychain locked", e.getMessage());
    }

    @Test
    void helperNameWithPathCharactersIsRefused() throws Exception {
        writeConfig("{\"credsStore\":\"../evil\"}");
        assertThrows(CredentialStoreException.class, () -> credentials().credentialFor("x"));
    }

    @Test
    void credentialToStringHidesTheSecret() {
        assertFalse(Credential.basic("alice", "s3cret").toString().contains("s3cret"));
        assertFalse(Credential.identityToken("tok3n").toString().contains("tok3n"));
    }
}
