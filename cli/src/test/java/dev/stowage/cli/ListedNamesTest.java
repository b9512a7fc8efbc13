package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.core.reference.ImageReference;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListedNamesTest {
    private final StringWriter err = new StringWriter();
    private final ListedNames names = new ListedNames(new PrintWriter(err, true));

    @Test
    void validNamesAreKeptInOrderWithoutAWarning() {
        assertEquals(List.of("v2", "1.0", "latest"), names.tags(ImageReference.parse("127.0.0.1:5000/app"),
                List.of("v2", "1.0", "latest")));
        assertEquals(List.of("team/app", "x"), names.repositories("127.0.0.1:5000", List.of("team/app", "x")));
        assertEquals("", err.toString());
    }

    @Test
    void tagsOutsideTheGrammarAreDroppedWithOneWarningNamingTheFirst() {
        List<String> kept = names.tags(ImageReference.parse("127.0.0.1:5000/app"),
                List.of("1.0", ".hidden", "x".repeat(129), "a\nb"));

        assertEquals(List.of("1.0"), kept);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals("stowage: warning: 3 of 4 tags listed for 127.0.0.1:5000/app break the reference grammar and are "
                + "not shown; the first: invalid reference \"127.0.0.1:5000/app:.hidden\": invalid character in tag "
                + "\".hidden\": a tag is letters, digits, '_', '.' and '-', and does not start with '.' or '-'\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void repositoryNamesThatReadAsMoreThanANameAreDropped() {
        List<String> kept = names.repositories("127.0.0.1:5000", List.of("app:1", "app@sha256:" + "0".repeat(64),
                "Team/app", "team//app", "ok"));

        assertEquals(List.of("ok"), kept);
        assertEquals("stowage: warning: 4 of 5 repositories listed by 127.0.0.1:5000 break the reference grammar and "
                + "are not shown; the first: \"app:1\" is not a repository name\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void dockerHubsOneComponentNamesAreNames() {
        assertEquals(List.of("nginx", "library/nginx", "team/app"),
                names.repositories("docker.io", List.of("nginx", "library/nginx", "team/app")));
        assertEquals("", err.toString());
    }
}
