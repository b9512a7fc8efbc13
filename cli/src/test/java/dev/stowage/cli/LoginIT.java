package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.Platform;
import dev.stowage.testkit.HtpasswdMode;
import dev.stowage.testkit.CredentialAudit;
import dev.stowage.testkit.OciLayout;
import dev.stowage.testkit.RegistryConfig;
import dev.stowage.testkit.RegistryExtension;
import dev.stowage.testkit.RegistryMode;
import dev.stowage.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage login} and {@code logout} of the real jar against the real registry with
 * htpasswd authentication, on a private {@code DOCKER_CONFIG}: in {@code config.json}, or through
 * a fake credential helper on {@code PATH} when {@code credsStore} names one.
 */
class LoginIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse";
    private static final String WRONG = "wrong battery";
    private static final HtpasswdMode AUTH = RegistryMode.htpasswd(USER, PASSWORD);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.of(RegistryConfig.plain().withMode(AUTH));

    /** Scans the captured output in {@code scratch} too; the fake credential helper's file is a store. */
    @RegisterExtension
    static CredentialAudit audit = CredentialAudit.create().watch(AUTH).watchBasic(USER, WRONG)
            .credentialStoreNamed("config.json").credentialStoreNamed("helper-store.tsv");

    @TempDir
    static Path layoutDir;

    @TempDir
    Path dockerConfig;

    @TempDir
    Path scratch;

    private Path configFile;

    @BeforeAll
    static void pushAnImage() {
        OciLayout layout = OciLayout.create(layoutDir);
        ImageManifest image = layout.addImage("login", Platform.of("linux", "amd64"));
        layout.tag("v1", image.toDescriptor());
        Skopeo.locate().copy("oci:" + layoutDir + ":v1", "docker://" + registry.host() + "/app:v1",
                "--dest-creds", USER + ":" + PASSWORD);
    }

    @BeforeEach
    void paths() {
        configFile = dockerConfig.resolve("config.json");
    }

    private StowageProcess stowage() {
        return StowageProcess.in(scratch).withEnvironment("DOCKER_CONFIG", dockerConfig.toString());
    }

    private StowageProcess.Result login(String password) throws Exception {
        return stowage().withStdin(password + "\n").run("login", registry.host(), "-u", USER, "--password-stdin");
    }

    /**
     * Configures {@code credsStore: test} and writes {@code docker-credential-test}, a helper speaking
     * docker's credential-helpers protocol that keeps its entries as {@code URL<TAB>JSON} lines in
     * {@link #helperData()}; returns the stowage to run with that helper first on {@code PATH}.
     */
    private StowageProcess stowageWithCredentialHelper() throws Exception {
        Files.writeString(configFile, "{\"credsStore\":\"test\"}");
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Path helper = bin.resolve("docker-credential-test");
        Files.writeString(helper, """
                #!/bin/sh
                data='%s'
                touch "$data"
                case "$1" in
                  store)
                    json=$(cat)
                    url=$(printf '%%s' "$json" | sed -n 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/p')
                    awk -F'\\t' -v u="$url" '$1 != u' "$data" > "$data.new"
                    printf '%%s\\t%%s\\n' "$url" "$json" >> "$data.new" && mv "$data.new" "$data" ;;
                  get)
                    url=$(cat)
                    awk -F'\\t' -v u="$url" '$1 == u { print $2; found = 1 } END { exit !found }' "$data" \\
                      || { echo "credentials not found in native keychain"; exit 1; } ;;
                  erase)
                    url=$(cat)
                    awk -F'\\t' -v u="$url" '$1 != u' "$data" > "$data.new" && mv "$data.new" "$data" ;;
                  list)
                    awk -F'\\t' 'BEGIN { printf "{" } { user = $2; sub(/.*"Username":"/, "", user); sub(/".*/, "", user);
                      printf "%%s\\"%%s\\":\\"%%s\\"", (NR > 1 ? "," : ""), $1, user } END { print "}" }' "$data" ;;
                  *) echo "unknown action $1" >&2; exit 2 ;;
                esac
                """.formatted(helperData()));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        return stowage().withEnvironment("PATH", bin + ":" + System.getenv("PATH"));
    }

    private Path helperData() {
        return scratch.resolve("helper-store.tsv");
    }

    /** What the fake helper keeps for {@code serverUrl} (its {@code store} JSON), or null. */
    private JsonNode helperEntry(String serverUrl) throws Exception {
        for (String line : Files.readAllLines(helperData())) {
            String[] fields = line.split("\t", 2);
            if (fields[0].equals(serverUrl)) {
                return JSON.readTree(fields[1]);
            }
        }
        return null;
    }

    private JsonNode auths() throws Exception {
        return JSON.readTree(configFile.toFile()).path("auths");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : List.of(PASSWORD, WRONG, base64(USER + ":" + PASSWORD), base64(USER + ":" + WRONG),
                base64(PASSWORD), base64(WRONG))) {
            assertFalse(text.contains(secret), () -> "a secret in: " + text);
        }
    }

    @Test
    void loginStoresTheCredentialUnderHostAndPortInAPrivateConfigFile() throws Exception {
        StowageProcess.Result result = login(PASSWORD);

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Login Succeeded\n", result.out());
        assertEquals(base64(USER + ":" + PASSWORD), auths().path(registry.host()).path("auth").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(configFile)));
        assertNoSecretIn(result.out() + result.err());
    }

    @Test
    void passwordOptionLogsInWithDockersWarningAndNoEcho() throws Exception {
        StowageProcess.Result result = stowage().run("login", registry.host(), "-u", USER, "-p", PASSWORD);

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Login Succeeded\n", result.out());
        assertEquals("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n", result.err());
        assertEquals(base64(USER + ":" + PASSWORD), auths().path(registry.host()).path("auth").asText());
        assertNoSecretIn(result.out() + result.err());
    }

    @Test
    void loginWithACredsStoreStoresTheSecretInTheHelperNotInTheConfigFile() throws Exception {
        StowageProcess.Result result = stowageWithCredentialHelper().withStdin(PASSWORD + "\n")
                .run("login", registry.host(), "-u", USER, "--password-stdin");

        assertEquals(0, result.exitCode(), result.err());
        JsonNode stored = helperEntry(registry.host());
        assertEquals(USER, stored.path("Username").asText());
        assertEquals(PASSWORD, stored.path("Secret").asText());
        assertFalse(auths().path(registry.host()).has("auth"), auths().toString());
        assertNoSecretIn(Files.readString(configFile));
        assertNoSecretIn(result.out() + result.err());
    }

    @Test
    void userLoggedInThroughTheHelperListsTags() throws Exception {
        StowageProcess stowage = stowageWithCredentialHelper();
        stowage.withStdin(PASSWORD + "\n").run("login", registry.host(), "-u", USER, "--password-stdin");

        StowageProcess.Result result = stowage.run("ls", registry.host() + "/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("v1\n", result.out());
    }

    @Test
    void logoutErasesTheCredentialFromTheHelper() throws Exception {
        StowageProcess stowage = stowageWithCredentialHelper();
        stowage.withStdin(PASSWORD + "\n").run("login", registry.host(), "-u", USER, "--password-stdin");

        StowageProcess.Result result = stowage.run("logout", registry.host());

        assertEquals(0, result.exitCode(), result.err());
        assertNull(helperEntry(registry.host()));
        assertFalse(auths().has(registry.host()));
        assertEquals(1, stowage.run("ls", registry.host() + "/app").exitCode());
    }

    @Test
    void loggedInUserListsTags() throws Exception {
        login(PASSWORD);

        StowageProcess.Result result = stowage().run("ls", registry.host() + "/app");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("v1\n", result.out());
    }

    @Test
    void withoutLoginListingTagsSaysToLogIn() throws Exception {
        StowageProcess.Result result = stowage().run("ls", registry.host() + "/app");

        assertEquals(1, result.exitCode());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("stowage login " + registry.host()), result.err());
    }

    @Test
    void wrongPasswordIsOneErrorLineNamingTheRegistryAndNoSecret() throws Exception {
        StowageProcess.Result result = login(WRONG);

        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(registry.host()), result.err());
        assertNoSecretIn(result.out() + result.err());
    }

    @Test
    void aRejectedUserNameIsEchoedEscapedOnOneLine() throws Exception {
        StowageProcess.Result result = stowage().withStdin(WRONG + "\n")
                .run("login", registry.host(), "-u", "\u001b[2Jmallory\r\nstowage: Login Succeeded", "--password-stdin");

        assertEquals(1, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().endsWith("rejected the password of user \\u001b[2Jmallory\\u000d\\u000astowage: Login Succeeded\n"),
                result.err());
        assertFalse(result.err().contains("\u001b") || result.err().contains("\r"), result.err());
    }

    @Test
    void wrongPasswordLeavesTheStoredEntryAsItWas() throws Exception {
        login(PASSWORD);
        byte[] before = Files.readAllBytes(configFile);

        StowageProcess.Result result = stowage().withStdin(WRONG + "\n")
                .run("-v", "login", registry.host(), "-u", USER, "--password-stdin");

        assertEquals(1, result.exitCode());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(configFile));
        assertNoSecretIn(result.out() + result.err());
    }

    @Test
    void loginKeepsEveryOtherFieldOfTheConfigFile() throws Exception {
        Files.writeString(configFile, "{\"auths\":{\"other.example.com\":{\"auth\":\"" + base64("bob:x") + "\"}},"
                + "\"psFormat\":\"table {{.ID}}\",\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy:3128\"}}}");

        login(PASSWORD);

        JsonNode config = JSON.readTree(configFile.toFile());
        assertEquals(base64("bob:x"), config.path("auths").path("other.example.com").path("auth").asText());
        assertEquals("table {{.ID}}", config.path("psFormat").asText());
        assertEquals("http://proxy:3128", config.path("proxies").path("default").path("httpProxy").asText());
        assertTrue(config.path("auths").has(registry.host()));
    }

    @Test
    void logoutRemovesTheEntryAndKeepsTheOthers() throws Exception {
        Files.writeString(configFile, "{\"auths\":{\"other.example.com\":{\"auth\":\"" + base64("bob:x") + "\"}}}");
        login(PASSWORD);

        StowageProcess.Result result = stowage().run("logout", registry.host());

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Removing login credentials for " + registry.host() + "\n", result.out());
        assertFalse(auths().has(registry.host()));
        assertTrue(auths().has("other.example.com"));
    }

    @Test
    void atATerminalLoginAsksForTheUserAndThePasswordWithoutEchoingIt() throws Exception {
        StowageProcess.Result result = stowage().converse("login", registry.host())
                .awaitText("Username: ").type(USER)
                .awaitText("Password: ").type(PASSWORD)
                .finish();

        assertEquals(0, result.exitCode(), result.out());
        assertTrue(result.out().startsWith("Username: " + USER + "\nPassword: "), result.out());
        assertTrue(result.out().endsWith("Login Succeeded\n"), result.out());
        assertEquals(base64(USER + ":" + PASSWORD), auths().path(registry.host()).path("auth").asText());
        assertNoSecretIn(result.out());
    }

    @Test
    void theStoredUserIsOfferedAndEnterKeepsIt() throws Exception {
        login(PASSWORD);

        StowageProcess.Result result = stowage().converse("login", registry.host())
                .awaitText("Username (" + USER + "): ").type("")
                .awaitText("Password: ").type(PASSWORD)
                .finish();

        assertEquals(0, result.exitCode(), result.out());
        assertTrue(result.out().endsWith("Login Succeeded\n"), result.out());
        assertNoSecretIn(result.out());
    }

    @Test
    void aUserGivenWithDashUIsAskedOnlyForThePassword() throws Exception {
        StowageProcess.Result result = stowage().converse("login", registry.host(), "-u", USER)
                .awaitText("Password: ").type(PASSWORD)
                .finish();

        assertEquals(0, result.exitCode(), result.out());
        assertFalse(result.out().contains("Username"), result.out());
        assertNoSecretIn(result.out());
    }

    @Test
    void withoutAServerLoginIsForDockerHubAndSaysSoAsDockerDoes() throws Exception {
        StowageProcess.Result result = stowage().converse("login")
                .awaitText(LoginCommand.DOCKER_HUB_SUGGESTION)
                .awaitText("Username: ").type(USER)
                .awaitText("Password: ").type("") // nothing goes to the network without a password
                .finish();

        assertEquals(2, result.exitCode(), result.out());
        assertTrue(result.out().endsWith("stowage: login to docker.io needs a non-empty password\n"), result.out());
        assertFalse(Files.exists(configFile));
    }

    @Test
    void withoutATerminalTheUserMustBeGiven() throws Exception {
        StowageProcess.Result result = stowage().run("login", registry.host());

        assertEquals(2, result.exitCode(), result.out());
        assertEquals("stowage: no terminal to ask for the user name for " + registry.host() + "; give -u USER\n", result.err());
    }

    @Test
    void passwordStdinNeedsAUserName() throws Exception {
        StowageProcess.Result result = stowage().withStdin(PASSWORD + "\n").run("login", registry.host(), "--password-stdin");

        assertEquals(2, result.exitCode(), result.out());
        assertEquals("stowage: --password-stdin needs the user name: give --username\n", result.err());
    }

    @Test
    void aServerGivenAsAnHttpsUrlWithATrailingSlashIsStoredUnderItsHost() throws Exception {
        StowageProcess.Result result = stowage().withStdin(PASSWORD + "\n")
                .run("login", "https://" + registry.host() + "/", "-u", USER, "--password-stdin");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of(registry.host()), iterable(auths().fieldNames()));
        assertEquals("Removing login credentials for " + registry.host() + "\n",
                stowage().run("logout", registry.host() + "/").out());
    }

    @Test
    void logoutWithoutAServerRemovesDockerHubsEntryByDockersKey() throws Exception {
        Files.writeString(configFile, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("bob:x") + "\"},"
                + "\"other.example.com\":{\"auth\":\"" + base64("bob:y") + "\"}}}");

        StowageProcess.Result result = stowage().run("logout");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Removing login credentials for https://index.docker.io/v1/\n", result.out());
        assertEquals(List.of("other.example.com"), iterable(auths().fieldNames()));
        assertEquals("Not logged in to https://index.docker.io/v1/\n", stowage().run("logout").out());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    @Test
    void logoutWhenNotLoggedInSaysSoAndSucceeds() throws Exception {
        StowageProcess.Result result = stowage().run("logout", registry.host());

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("Not logged in to " + registry.host() + "\n", result.out());
    }
}
