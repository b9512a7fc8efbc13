package dev.stowage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which commands a mistyped word is taken for: only close ones. */
class FailureHandlerSuggestionTest {
    private static final List<String> COMMANDS = List.of("ref", "tag", "images", "image", "inspect", "history", "rmi",
            "pull", "push", "fsck", "manifest", "digest", "ls", "catalog", "blob", "search", "login", "logout", "demo",
            "system", "registry");

    @Test
    void aSwapOfTwoLettersIsOneSlip() {
        assertEquals(List.of("images"), FailureHandler.closest("imgaes", COMMANDS));
        assertEquals(List.of("search"), FailureHandler.closest("serach", COMMANDS));
    }

    @Test
    void aMissingOrExtraLetterIsOneSlip() {
        assertEquals(List.of("pull"), FailureHandler.closest("pul", COMMANDS));
        assertEquals(List.of("login"), FailureHandler.closest("loggin", COMMANDS));
    }

    @Test
    void everyCommandAtTheSmallestDistanceIsOffered() {
        assertEquals(List.of("pull", "push"), FailureHandler.closest("pulh", COMMANDS));
    }

    @Test
    void theBeginningOfOneCommandIsThatCommand() {
        assertEquals(List.of("catalog"), FailureHandler.closest("cata", COMMANDS));
    }

    @Test
    void wordsFarFromEveryCommandGetNoSuggestion() {
        assertEquals(List.of(), FailureHandler.closest("save", COMMANDS));
        assertEquals(List.of(), FailureHandler.closest("x", COMMANDS));
        assertEquals(List.of(), FailureHandler.closest("build", COMMANDS));
    }
}
