package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README.md shows {@link PublishTest} and {@link HandToPodmanIT} as they are: the examples compile
 * and run, so the README cannot rot.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLES = Path.of("src/test/java/dev/stowage/examples");

    @Test
    void readmeShowsThePublishTestAsItCompiles() throws IOException {
        assertShown(EXAMPLES.resolve("PublishTest.java"));
    }

    @Test
    void readmeShowsTheArchiveForPodmanAsItCompiles() throws IOException {
        assertShown(EXAMPLES.resolve("HandToPodmanIT.java"));
    }

    private static void assertShown(Path example) throws IOException {
        List<String> lines = Files.readAllLines(example, StandardCharsets.UTF_8);
        int begin = indexOf(lines, "// README begin", example);
        int end = indexOf(lines, "// README end", example);
        String shown = String.join("\n", lines.subList(begin + 1, end));

        String readme = Files.readString(README, StandardCharsets.UTF_8);

        assertTrue(readme.contains("```java\n" + shown + "\n```"),
                "README.md should show, in a java block, exactly:\n" + shown);
    }

    private static int indexOf(List<String> lines, String prefix, Path example) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(example + " lacks its \"" + prefix + "\" line");
    }
}
