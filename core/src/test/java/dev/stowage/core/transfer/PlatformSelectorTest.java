package dev.stowage.core.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stowage.core.PlatformMismatchException;
import dev.stowage.core.PlatformNotFoundException;
import dev.stowage.core.model.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A single-platform image asked for with another platform, as docker's pull --platform judges it. */
class PlatformSelectorTest {

    @Test
    void theSamePlatformOrOneItRunsIsAccepted() {
        PlatformSelector.requireMatch("app:1", Platform.parse("linux/amd64"), Platform.parse("linux/amd64"));
        PlatformSelector.requireMatch("app:1", Platform.parse("linux/arm64"), Platform.parse("linux/arm64/v8"));
    }

    @Test
    void anotherPlatformIsRefusedInDockersWordsNamingBoth() {
        PlatformMismatchException e = assertThrows(PlatformMismatchException.class,
                () -> PlatformSelector.requireMatch("127.0.0.1:5000/app:1", Platform.parse("linux/arm64"),
                        Platform.parse("linux/amd64")));

        assertEquals("image with reference 127.0.0.1:5000/app:1 was found but does not match the specified platform:"
                + " wanted linux/arm64, actual: linux/amd64", e.getMessage());
        assertEquals(List.of(Platform.parse("linux/amd64")), e.available());
    }

    @Test
    void aMismatchIsAPlatformNotFound() {
        assertThrows(PlatformNotFoundException.class, () -> PlatformSelector.requireMatch("app:1",
                Platform.parse("windows/amd64"), Platform.parse("linux/amd64")));
    }
}
