package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** .dockerignore patterns with the Dockerfile reference's examples and docker's pattern rules. */
class DockerIgnoreTest {

    @ParameterizedTest(name = "{0} excludes {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // the reference's examples
            "*/temp*|somedir/temporary.txt|true",
            "*/temp*|somedir/temp|true",
            "*/temp*|temp.txt|false",
            "*/*/temp*|somedir/subdir/temporary.txt|true",
            "temp?|tempa|true",
            "temp?|tempab|false",
            "**/*.go|main.go|true",
            "**/*.go|a/b/c/main.go|true",
            "**/*.go|main.gox|false",
            // a match excludes what is under it
            "node_modules|node_modules/x/index.js|true",
            "build/|build/out/app.jar|true",
            "/secret|secret/key|true",
            "a/**|a/b/c|true",
            "a/**/b|a/b|true",
            "a/**/b|a/x/y/b|true",
            "*.md|docs/readme.md|false",
            "[ab].txt|a.txt|true",
            "[ab].txt|c.txt|false",
            "dir/../x|x|true",
    })
    void matchesAsDocker(String pattern, String path, boolean excluded) {
        assertEquals(excluded, DockerIgnore.parse(".dockerignore", pattern).excludes(path));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // the reference: "*.md !README.md" keeps README.md; "!README*.md README-secret.md" excludes that one again
            "*.md;!README.md|README.md|false",
            "*.md;!README.md|CHANGES.md|true",
            "*.md;!README*.md;README-secret.md|README-secret.md|true",
            "*.md;!README*.md;README-secret.md|README-public.md|false",
            "*.md;README-secret.md;!README*.md|README-secret.md|false",
            "#comment;logs|logs/a|true",
            "logs;!logs/keep|logs/keep|false",
            "logs;!logs/keep|logs/other|true",
    })
    void theLastMatchingPatternDecides(String patterns, String path, boolean excluded) {
        assertEquals(excluded, DockerIgnore.parse(".dockerignore", patterns.replace(';', '\n')).excludes(path));
    }

    @org.junit.jupiter.api.Test
    void aLoneExclamationMarkIsAnError() {
        assertThrows(InvalidDockerfileException.class, () -> DockerIgnore.parse(".dockerignore", "!\n"));
    }
}
