package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The audit fails a test for each place a credential can leak to, and only for those. */
class CredentialAuditTest {
    private static final String PASSWORD = "hunter2/Secret+41";
    private static final String PAIR = Base64.getEncoder()
            .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static String failureOf(String method) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Leaks.class, method)).execute();
        return results.testEvents().failed().stream().map(Event::getPayload).flatMap(java.util.Optional::stream)
                .map(Object::toString).findFirst().orElse("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"logsThePassword", "logsTheBasicPairAtFinest", "printsThePasswordToStderr",
            "writesThePairToAFile", "failsWithThePasswordInItsMessage", "checksAnExceptionCaughtWithThePassword",
            "checksAnObjectWhoseToStringHoldsThePassword", "logsThePasswordUrlEncoded"})
    void leakFailsTheTestWithoutRepeatingTheSecret(String method) {
        String failure = failureOf(method);

        assertTrue(failure.contains("credentials leaked"), method + ": " + failure);
        assertFalse(failure.contains(PASSWORD) || failure.contains(PAIR), failure);
    }

    @Test
    void credentialStoreMayHoldTheSecretAndCleanCodePasses() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Leaks.class, "storesThePairInConfigJson"),
                        selectMethod(Leaks.class, "logsNothingSecret"))
                .execute();

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    // Runs only through the engine test kit (the build's test patterns skip nested classes).
    static class Leaks {
        @RegisterExtension
        static CredentialAudit audit = CredentialAudit.create().watchBasic("alice", PASSWORD)
                .credentialStoreNamed("config.json");

        @TempDir
        Path dir;

        @Test
        void logsThePassword() {
            Logger.getLogger("dev.stowage.example").info("logging in with " + PASSWORD);
        }

        @Test
        void logsTheBasicPairAtFinest() {
            System.getLogger("dev.stowage.example").log(System.Logger.Level.TRACE, "Authorization: Basic " + PAIR);
        }

        @Test
        void logsThePasswordUrlEncoded() {
            Logger.getLogger("dev.stowage.example").log(Level.FINE, "GET /token?password=hunter2%2FSecret%2B41");
        }

        @Test
        void printsThePasswordToStderr() {
            System.err.println("password: " + PASSWORD);
        }

        @Test
        void writesThePairToAFile() throws IOException {
            Files.createDirectories(dir.resolve("store"));
            Files.writeString(dir.resolve("store/index.json"), "{}");
            Files.writeString(dir.resolve("store/debug.log"), "auth " + PAIR);
        }

        @Test
        void failsWithThePasswordInItsMessage() {
            throw new IllegalStateException("cannot log in as alice:" + PASSWORD);
        }

        @Test
        void checksAnExceptionCaughtWithThePassword() {
            audit.check(new RuntimeException("wrapper", new IllegalStateException("token " + PAIR)));
        }

        @Test
        void checksAnObjectWhoseToStringHoldsThePassword() {
            audit.check(new Object() {
                @Override
                public String toString() {
                    return "Credential[alice, " + PASSWORD + "]";
                }
            });
        }

        @Test
        void storesThePairInConfigJson() throws IOException {
            Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"r\":{\"auth\":\"" + PAIR + "\"}}}");
        }

        @Test
        void logsNothingSecret() {
            Logger.getLogger("dev.stowage.example").info("logged in as alice");
            System.err.println("Login Succeeded");
        }
    }
}
