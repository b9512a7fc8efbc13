package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @TempDir
    Path bin;

    @Test
    void findsAnExecutableOnThePath() throws IOException {
        Path tool = Files.createFile(bin.resolve("some-tool"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        Path found = RequiredTool.locate("some-tool", "some-package", Map.of("PATH", "/nonexistent:" + bin));

        assertEquals(tool, found);
    }

    @Test
    void ignoresAFileThatIsNotExecutable() throws IOException {
        Files.createFile(bin.resolve("some-tool"));

        assertThrows(TestAbortedException.class,
                () -> RequiredTool.locate("some-tool", "some-package", Map.of("PATH", bin.toString())));
    }

    @Test
    void failsWithTheInstallCommandWhenMissingUnderCi() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RequiredTool.locate("some-tool", "some-package", Map.of("PATH", bin.toString(), "CI", "true")));

        assertTrue(e.getMessage().contains("apt-get install some-package"), e.getMessage());
    }

    @Test
    void skipsWithTheInstallCommandWhenMissingOutsideCi() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> RequiredTool.locate("some-tool", "some-package", Map.of("PATH", bin.toString())));

        assertTrue(e.getMessage().contains("apt-get install some-package"), e.getMessage());
    }

    @Test
    void ciSetToFalseOrEmptyIsNotCi() {
        assertFalse(RequiredTool.isCi(Map.of("CI", "false")));
        assertFalse(RequiredTool.isCi(Map.of("CI", "")));
        assertTrue(RequiredTool.isCi(Map.of("CI", "1")));
    }
}
