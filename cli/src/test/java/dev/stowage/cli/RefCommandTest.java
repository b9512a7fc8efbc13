package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RefCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String DIGEST = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

    @Test
    void shortNameIsNormalisedToDockerHubLibraryWithoutATag() {
        CliRun run = CliRun.of("ref", "nginx");

        assertEquals(0, run.exitCode());
        assertEquals("reference:  docker.io/library/nginx" + NL
                + "registry:   docker.io" + NL
                + "repository: library/nginx" + NL
                + "tag:        <none>" + NL
                + "digest:     <none>" + NL
                + "familiar:   nginx" + NL, run.out());
        assertFalse(run.out().contains("latest"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void showsEveryPartOfAReferenceWithTagAndDigest() {
        CliRun run = CliRun.of("ref", "registry.example.com:5000/team/app:1.2@" + DIGEST);

        assertEquals(0, run.exitCode());
        assertEquals("reference:  registry.example.com:5000/team/app:1.2@" + DIGEST + NL
                + "registry:   registry.example.com:5000" + NL
                + "repository: team/app" + NL
                + "tag:        1.2" + NL
                + "digest:     " + DIGEST + NL
                + "familiar:   registry.example.com:5000/team/app:1.2@" + DIGEST + NL, run.out());
    }

    @Test
    void referencesAreSeparatedByABlankLine() {
        CliRun run = CliRun.of("ref", "nginx:1.21", "busybox");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("familiar:   nginx:1.21" + NL + NL + "reference:  docker.io/library/busybox" + NL),
                run.out());
    }

    @Test
    void jsonPrintsAnArrayWithOneObjectPerReference() throws Exception {
        CliRun run = CliRun.of("ref", "--json", "docker.io/library/nginx:1.21", "quay.io/org/app@" + DIGEST);

        assertEquals(0, run.exitCode());
        JsonNode array = new ObjectMapper().readTree(run.out());
        assertEquals(2, array.size());
        JsonNode nginx = array.get(0);
        assertEquals("docker.io/library/nginx:1.21", nginx.get("reference").asText());
        assertEquals("docker.io", nginx.get("registry").asText());
        assertEquals("library/nginx", nginx.get("repository").asText());
        assertEquals("1.21", nginx.get("tag").asText());
        assertTrue(nginx.get("digest").isNull());
        assertEquals("nginx:1.21", nginx.get("familiar").asText());
        JsonNode app = array.get(1);
        assertTrue(app.get("tag").isNull());
        assertEquals(DIGEST, app.get("digest").asText());
    }

    @Test
    void invalidReferenceIsOneErrorLineQuotingTheInputAndExits2() {
        CliRun run = CliRun.of("ref", "Nginx");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("\"Nginx\""), run.err());
    }

    @Test
    void validReferencesAreStillShownBesideAnInvalidOne() {
        CliRun run = CliRun.of("ref", "nginx", "Nginx", "busybox");

        assertEquals(2, run.exitCode());
        assertTrue(run.out().contains("reference:  docker.io/library/nginx" + NL), run.out());
        assertTrue(run.out().contains("reference:  docker.io/library/busybox" + NL), run.out());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void jsonWithAnInvalidReferenceStillListsTheValidOnes() throws Exception {
        CliRun run = CliRun.of("ref", "--json", "nginx", "Nginx");

        assertEquals(2, run.exitCode());
        JsonNode array = new ObjectMapper().readTree(run.out());
        assertEquals(1, array.size());
        assertEquals("docker.io/library/nginx", array.get(0).get("reference").asText());
    }

    @Test
    void noReferenceIsAUsageError() {
        CliRun run = CliRun.of("ref");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("REF"), run.err());
    }
}
