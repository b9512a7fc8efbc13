package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.store.FileImageStore;
import dev.stowage.testkit.RegistryExtension;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a registry or a user reaches the terminal escaped, never as control characters: the
 * real jar, run against the real Distribution registry holding an image whose history, label and
 * manifest annotation carry escape sequences, CR, LF, C1 controls and bidi overrides, and against
 * a hostile registry (in this test) for what Distribution would refuse to hold: tag and
 * repository names outside the grammar, its own error messages, token scopes and media types.
 *
 * <p>Every run is in a UTF-8 locale, so a C1 control would reach the output as its UTF-8 bytes.
 */
class TerminalInjectionIT {
    /** A history step that clears the screen and then forges a line of stowage's own. */
    private static final String STEP = "\u001b[2J\u009b2J\r\nstowage: fake line";
    private static final String STEP_ESCAPED = "\\u001b[2J\\u009b2J\\u000d\\u000astowage: fake line";
    /** A label that sets the window title, sends a C1 CSI and reverses what follows. */
    private static final String LABEL = "\u001b]0;owned\u0007\u009b[31m\u202etxt.exe";
    private static final String LABEL_ESCAPED = "\\u001b]0;owned\\u0007\\u009b[31m\\u202etxt.exe";
    /** JSON cannot hold a raw C0 control, but a manifest's strings may hold raw DEL, C1 and bidi characters. */
    private static final String ANNOTATION = "\u009b[2J\u202e\u007f";
    private static final String ANNOTATION_ESCAPED = "\\u009b[2J\\u202e\\u007f";
    /** A registry's words that clear the screen and forge a line; in JSON, so the escapes are JSON's. */
    private static final String MESSAGE_JSON = "\\u001b[2J\\r\\nstowage: fake line\\u009b[31m";
    private static final String MESSAGE_ESCAPED = "\\u001b[2J\\u000d\\u000astowage: fake line\\u009b[31m";

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.plain();

    @TempDir
    static Path shared;

    private static HostileRegistry hostile;
    private static String image;
    private static BuiltImage built;

    @TempDir
    Path scratch;

    @BeforeAll
    static void pushAndPullAHostileImage() throws Exception {
        image = registry.host() + "/hostile/app:1";
        try (FileImageStore store = FileImageStore.open(shared.resolve("built"))) {
            built = ImageBuilder.fromScratch().platform(Platform.parse("linux/amd64"))
                    .layer(l -> l.file("hello.txt", "hello".getBytes(StandardCharsets.UTF_8)).createdBy(STEP))
                    .label("evil", LABEL)
                    .annotation("evil", ANNOTATION)
                    .build(store, ImageReference.parse(image));
        }
        StowageProcess.Result pushed = stowage(shared, "--store", shared.resolve("built").toString(), "push", image);
        assertEquals(0, pushed.exitCode(), pushed.err());
        StowageProcess.Result pulled = stowage(shared, "--store", pulledStore().toString(), "pull", image);
        assertEquals(0, pulled.exitCode(), pulled.err());

        hostile = HostileRegistry.start()
                .json("/v2/hostile/tags/tags/list", "{\"name\":\"hostile/tags\",\"tags\":[\"1.0\",\"\\u001b[2J\","
                        + "\"ok\\r\\nstowage: fake line\",\"x\\u009b[31m\",\"v2\"]}")
                .json("/v2/_catalog", "{\"repositories\":[\"hostile/tags\",\"\\u001b]0;owned\\u0007\",\"Upper/case\","
                        + "\"a/b:1\",\"ok/x\"]}")
                .answer("/v2/hostile/denied/tags/list", 403, Map.of("Content-Type", "application/json"),
                        "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + MESSAGE_JSON + "\"}]}");
        hostile.answer("/v2/hostile/token/tags/list", 401, Map.of("Content-Type", "application/json",
                        "WWW-Authenticate", "Bearer realm=\"http://" + hostile.host() + "/token\",service=\"hostile\","
                                + "scope=\"repository:hostile/token\u009b[2J:pull\""),
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + MESSAGE_JSON + "\"}]}")
                .json("/token", "{\"token\":\"t\"}")
                .answer("/v2/hostile/served/manifests/1", 200, Map.of("Content-Type", "application/vnd.evil\u009b[2J"), "{}")
                .answer("/v2/hostile/declared/manifests/1", 200,
                        Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.evil" + MESSAGE_JSON + "\","
                                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                                + "\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}");
    }

    @AfterAll
    static void stopHostileRegistry() {
        if (hostile != null) {
            hostile.close();
        }
    }

    private static Path pulledStore() {
        return shared.resolve("pulled");
    }

    private static StowageProcess.Result stowage(Path scratch, String... args) throws Exception {
        return process(scratch).run(args);
    }

    private static StowageProcess process(Path scratch) throws Exception {
        Path dockerConfig = Files.createDirectories(scratch.resolve("docker-config"));
        return StowageProcess.in(scratch).withEnvironment("LC_ALL", "C.UTF-8")
                .withEnvironment("DOCKER_CONFIG", dockerConfig.toString());
    }

    private StowageProcess.Result onPulledStore(String... args) throws Exception {
        return stowage(scratch, Stream.concat(Stream.of("--store", pulledStore().toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    // ---- the real registry: an image's own text

    @Test
    void historyShowsAHostileStepEscapedOnOneLine() throws Exception {
        StowageProcess.Result result = onPulledStore("history", image);

        assertEquals(0, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.out().contains(STEP_ESCAPED), result.out());
    }

    @Test
    void historyAsJsonIsEscapedAndStillTheSameText() throws Exception {
        StowageProcess.Result result = onPulledStore("history", "--format", "json", "--no-trunc", image);

        assertEquals(0, result.exitCode(), result.err());
        assertTerminalSafe(result);
        JsonNode step = JSON.readTree(result.out().lines().findFirst().orElseThrow());
        assertEquals(STEP, step.get("CreatedBy").asText());
    }

    @Test
    void inspectJsonIsEscapedAndStillReadsAsTheLabel() throws Exception {
        StowageProcess.Result result = onPulledStore("inspect", image);

        assertEquals(0, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals(LABEL, JSON.readTree(result.out()).get(0).at("/Config/Labels/evil").asText());
    }

    @Test
    void inspectTemplateEscapesWhatTheImageHolds() throws Exception {
        StowageProcess.Result result = onPulledStore("inspect", "--format", "{{index .Config.Labels \"evil\"}}", image);

        assertEquals(0, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals(LABEL_ESCAPED + "\n", result.out());
    }

    @Test
    void manifestToAPipeIsTheRegistrysBytesExactly() throws Exception {
        StowageProcess.Result result = stowage(scratch, "manifest", image);

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(built.manifestDigest(), Digest.sha256(result.stdout()));
        assertTrue(result.out().contains(ANNOTATION), "the raw annotation, unescaped, on a pipe");
    }

    @Test
    void manifestOnATerminalIsShownEscaped() throws Exception {
        StowageProcess.Result result = process(scratch).onTerminal().run("manifest", image);

        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTerminalSafe(result);
        assertTrue(result.out().contains("\"evil\": \"" + ANNOTATION_ESCAPED + "\"")
                || result.out().contains("\"evil\":\"" + ANNOTATION_ESCAPED + "\""), result.out());
    }

    @Test
    void blobOnATerminalIsShownEscaped() throws Exception {
        String config = registry.host() + "/hostile/app@" + built.manifest().config().digest();

        StowageProcess.Result result = process(scratch).onTerminal().run("blob", config);

        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTerminalSafe(result);
        // the config's JSON already escapes ESC and BEL; C1 and bidi characters are in it raw
        assertTrue(result.out().contains("\\u009b[31m\\u202etxt.exe"), result.out());
    }

    // ---- a hostile registry: names, messages, scopes and media types Distribution would refuse

    @Test
    void lsDropsTagsOutsideTheGrammarWithOneWarning() throws Exception {
        StowageProcess.Result result = stowage(scratch, "ls", hostile.host() + "/hostile/tags");

        assertEquals(0, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals("1.0\nv2\n", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("stowage: warning: 3 of 5 tags listed for " + hostile.host()
                + "/hostile/tags break the reference grammar and are not shown; the first: "), result.err());
        assertTrue(result.err().contains("\\u001b[2J"), result.err());
    }

    @Test
    void catalogDropsRepositoryNamesOutsideTheGrammarWithOneWarning() throws Exception {
        StowageProcess.Result result = stowage(scratch, "catalog", hostile.host());

        assertEquals(0, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals("hostile/tags\nok/x\n", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("stowage: warning: 3 of 5 repositories listed by " + hostile.host()
                + " break the reference grammar and are not shown; the first: "), result.err());
        assertTrue(result.err().contains("\\u001b]0;owned\\u0007"), result.err());
    }

    @Test
    void aRegistrysErrorMessageIsOneEscapedLine() throws Exception {
        StowageProcess.Result result = stowage(scratch, "ls", hostile.host() + "/hostile/denied");

        assertEquals(1, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(MESSAGE_ESCAPED), result.err());
    }

    @Test
    void verboseStackTraceIsEscapedAndKeepsItsShape() throws Exception {
        StowageProcess.Result result = stowage(scratch, "-v", "ls", hostile.host() + "/hostile/denied");

        assertEquals(1, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().contains("\tat dev.stowage."), "the trace keeps its tabs: " + result.err());
        assertEquals(2, result.err().lines().filter(l -> l.contains(MESSAGE_ESCAPED)).count(),
                "the message on the error line and at the top of the trace: " + result.err());
    }

    @Test
    void verboseRequestLogIsEscaped() throws Exception {
        StowageProcess.Result result = stowage(scratch, "-v", "ls", hostile.host() + "/hostile/token");

        assertEquals(1, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().contains("scopes [repository:hostile/token:pull, repository:hostile/token\\u009b[2J:pull]"),
                "the token request's log line names the scope the registry asked for: " + result.err());
    }

    @Test
    void aMediaTypeTheRegistryServesIsEscaped() throws Exception {
        StowageProcess.Result result = stowage(scratch, "manifest", hostile.host() + "/hostile/served:1");

        assertEquals(2, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().contains("served as \"application/vnd.evil\\u009b[2j\""), result.err());
    }

    @Test
    void aMediaTypeTheManifestDeclaresIsEscaped() throws Exception {
        StowageProcess.Result result = stowage(scratch, "manifest", hostile.host() + "/hostile/declared:1");

        assertEquals(2, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().contains("application/vnd.evil" + MESSAGE_ESCAPED), result.err());
    }

    // ---- what a user typed, echoed back

    @Test
    void rmiOfAnImageNotFoundEchoesTheNameEscaped() throws Exception {
        StowageProcess.Result result = onPulledStore("rmi", "\u001b[2Jabc");

        assertEquals(1, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals("stowage: no such image: \\u001b[2Jabc\n", result.err());
    }

    @Test
    void inspectOfAnImageNotFoundEchoesTheNameEscaped() throws Exception {
        StowageProcess.Result result = onPulledStore("inspect", "abc\u009b2J\r\nstowage: fake line");

        assertEquals(1, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertEquals("stowage: no such image: abc\\u009b2J\\u000d\\u000astowage: fake line\n", result.err());
    }

    @Test
    void imagesFilterErrorEchoesTheFilterEscaped() throws Exception {
        StowageProcess.Result result = onPulledStore("images", "--filter", "\u001b[2J=1");

        assertEquals(2, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().startsWith("stowage: invalid filter '\\u001b[2J'"), result.err());
    }

    @Test
    void loginEchoesAUserNameEscaped() throws Exception {
        StowageProcess.Result result = stowage(scratch, "login", "-u", "\u001b[2Jmallory", registry.host());

        assertEquals(2, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().contains("password of \\u001b[2Jmallory;"), result.err());
    }

    @Test
    void anUnknownOptionIsEchoedEscaped() throws Exception {
        StowageProcess.Result result = stowage(scratch, "images", "--\u001b[2J");

        assertEquals(2, result.exitCode(), result.err());
        assertTerminalSafe(result);
        assertTrue(result.err().startsWith("Unknown option: '--\\u001b[2J'"), result.err());
    }

    @Test
    void deeplyNestedFormatIsAUsageErrorNamingTheLimit() throws Exception {
        StowageProcess.Result result = onPulledStore("images", "--format", "{{if .}}".repeat(6000));

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("stowage: template parsing error: {{if}} blocks nested more than 100 deep"),
                result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    /**
     * Output a terminal only shows: valid UTF-8 without C0 controls other than line feed and tab,
     * DEL, C1 controls or bidi embeddings, overrides and isolates; and no line forged as stowage's.
     */
    private static void assertTerminalSafe(StowageProcess.Result result) {
        assertShownOnly("stdout", result.stdout());
        assertShownOnly("stderr", result.err().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertShownOnly(String stream, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(stream + " is not valid UTF-8", e);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean acted = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (acted) {
                fail(String.format("%s has the raw control U+%04X at %d: %s", stream, (int) c, i,
                        text.substring(Math.max(0, i - 40), Math.min(text.length(), i + 40)).replaceAll("[^ -~]", "?")));
            }
        }
        List<String> forged = text.lines().filter(line -> line.startsWith("stowage: fake")).toList();
        assertEquals(List.of(), forged, stream + " has a forged line");
    }
}
