package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the store lists its directories: the entries of the directory itself, named as a plain
 * listing names them, and never the entries a link in its place points to, even when the link
 * appears after the type was checked.
 */
class ConfinedFilesTest {
    @TempDir
    Path dir;

    @Test
    void listingNamesTheEntriesOfTheDirectoryAsAPlainListingDoes() throws IOException {
        Path own = Files.createDirectory(dir.resolve("own"));
        Files.writeString(own.resolve("a"), "a");
        Files.createDirectory(own.resolve("b"));

        assertEquals(plainListing(own), listing(ConfinedFiles.list(own)));
    }

    @Test
    void listingOfALinkToADirectoryIsRefused() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("victim"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), elsewhere);

        assertThrows(ConfinedFiles.RefusedEntryException.class, () -> ConfinedFiles.list(link));
    }

    @Test
    void theOpenItselfRefusesALinkSwappedInAfterTheCheck() throws IOException {
        // openListing is what list does after its check: a link in place by then is still refused
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("victim"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), elsewhere);

        ConfinedFiles.RefusedEntryException e = assertThrows(ConfinedFiles.RefusedEntryException.class,
                () -> ConfinedFiles.openListing(link).close());
        assertTrue(e.getMessage().contains("is a symbolic link, not a directory"), e.getMessage());
    }

    @Test
    void listingOfAMissingDirectorySaysSo() {
        assertThrows(NoSuchFileException.class, () -> ConfinedFiles.list(dir.resolve("missing")));
        assertThrows(NoSuchFileException.class, () -> ConfinedFiles.openListing(dir.resolve("missing")));
    }

    private static List<Path> listing(DirectoryStream<Path> stream) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (stream) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }

    private static List<Path> plainListing(Path own) throws IOException {
        return listing(Files.newDirectoryStream(own));
    }
}
