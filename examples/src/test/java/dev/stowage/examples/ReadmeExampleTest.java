package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README.md shows {@link PublishTest} as it is: the example compiles and runs, so the README cannot rot. */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/stowage/examples/PublishTest.java");

    @Test
    void readmeShowsThePublishTestAsItCompiles() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
        int begin = indexOf(lines, "// README begin");
        int end = indexOf(lines, "// README end");
        String example = String.join("\n", lines.subList(begin + 1, end));

        String readme = Files.readString(README, StandardCharsets.UTF_8);

        assertTrue(readme.contains("```java\n" + example + "\n```"),
                "README.md should show, in a java block, exactly:\n" + example);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(EXAMPLE + " lacks its \"" + prefix + "\" line");
    }
}
