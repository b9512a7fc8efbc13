package dev.stowage.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM has no parent (so importing it pins nothing but Stowage), so its version is written
 * twice: it must be the reactor's, and it must manage every published library module.
 */
class BomTest {
    private static final Pattern VERSION = Pattern.compile("<artifactId>(stowage-(?:parent|bom))</artifactId>\\s*"
            + "<version>([^<]+)</version>");

    @Test
    void theBomHasTheReactorsVersionAndEveryLibrary() throws IOException {
        String parent = Files.readString(Path.of("..", "pom.xml"));
        String bom = Files.readString(Path.of("..", "bom", "pom.xml"));

        assertEquals(version(parent, "stowage-parent"), version(bom, "stowage-bom"));
        for (String library : List.of("stowage-core", "stowage-registry-client", "stowage-layer-store", "stowage-testkit")) {
            assertTrue(bom.contains("<artifactId>" + library + "</artifactId>"), library + " is missing from the BOM");
        }
    }

    private static String version(String pom, String artifactId) {
        Matcher m = VERSION.matcher(pom);
        while (m.find()) {
            if (m.group(1).equals(artifactId)) {
                return m.group(2);
            }
        }
        throw new AssertionError(artifactId + " has no version");
    }
}
