package dev.stowage.core.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.reference.ImageReference;
import org.junit.jupiter.api.Test;

class ReferencePatternTest {

    private static boolean matches(String pattern, String reference) {
        return ReferencePattern.parse(pattern).matches(ImageReference.parse(reference));
    }

    @Test
    void familiarNameMatchesWithoutTheDockerHubPrefix() {
        assertTrue(matches("nginx", "docker.io/library/nginx:1.21"));
        assertFalse(matches("library/nginx", "docker.io/library/nginx:1.21"));
    }

    @Test
    void nameAndTagMatchTogether() {
        assertTrue(matches("nginx:1.*", "nginx:1.21"));
        assertFalse(matches("nginx:1.*", "nginx:2.0"));
    }

    @Test
    void starDoesNotCrossASlash() {
        assertTrue(matches("127.0.0.1:5000/*", "127.0.0.1:5000/app:1"));
        assertFalse(matches("127.0.0.1:5000/*", "127.0.0.1:5000/team/app:1"));
        assertTrue(matches("127.0.0.1:5000/*/*", "127.0.0.1:5000/team/app:1"));
    }

    @Test
    void questionMarkIsOneCharacter() {
        assertTrue(matches("ap?", "app"));
        assertFalse(matches("ap?", "apps"));
    }

    @Test
    void characterClassesAndNegation() {
        assertTrue(matches("app:[0-9]", "app:7"));
        assertFalse(matches("app:[^0-9]", "app:7"));
        assertTrue(matches("app:[^0-9]", "app:x"));
    }

    @Test
    void regexCharactersAreLiteral() {
        assertTrue(matches("a.b", "a.b"));
        assertFalse(matches("a.b", "axb"));
    }

    @Test
    void escapedStarIsLiteral() {
        assertFalse(matches("app\\*", "apps"));
    }

    @Test
    void malformedPatternsAreRejectedNamingThePattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferencePattern.parse("app[a"));
        assertTrue(e.getMessage().contains("\"app[a\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReferencePattern.parse("app\\"));
        assertThrows(IllegalArgumentException.class, () -> ReferencePattern.parse("app[]"));
        assertThrows(IllegalArgumentException.class, () -> ReferencePattern.parse("app[z-a]"));
    }
}
