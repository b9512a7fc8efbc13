package dev.stowage.core.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreeTest {
    @TempDir
    Path dir;

    @Test
    void directoryIsCopiedUnderTheContainerPathWithPermissionsKeptAndSymlinksNotFollowed() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/bin"));
        Files.write(src.resolve("tool"), new byte[] {7});
        Files.setPosixFilePermissions(src.resolve("tool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.write(dir.resolve("src/readme"), new byte[] {1, 2});
        Files.setPosixFilePermissions(dir.resolve("src/readme"), PosixFilePermissions.fromString("rw-rw-r--"));
        Files.createSymbolicLink(dir.resolve("src/outside"), dir.resolve("secret"));
        Files.write(dir.resolve("secret"), new byte[] {9});

        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<String, TarArchiveEntry> entries = LayerTarTest.read(
                LayerTarTest.tar(l -> l.copyDirectory(dir.resolve("src"), "/opt/app".substring(1))), contents);

        assertEquals(List.of("opt/", "opt/app/", "opt/app/bin/", "opt/app/bin/tool", "opt/app/outside",
                "opt/app/readme"), new ArrayList<>(entries.keySet()));
        assertEquals(0750, entries.get("opt/app/bin/tool").getMode());
        assertEquals(0664, entries.get("opt/app/readme").getMode());
        assertEquals(dir.resolve("secret").toString(), entries.get("opt/app/outside").getLinkName());
        assertArrayEquals(new byte[] {7}, contents.get("opt/app/bin/tool"));
        assertEquals(0, entries.get("opt/app/readme").getLongUserId());
    }

    @Test
    void missingDirectoryFailsNamingIt() {
        Path missing = dir.resolve("nope");
        LayerSourceException e = assertThrows(LayerSourceException.class,
                () -> LayerTarTest.tar(l -> l.copyDirectory(missing, "")));
        assertEquals(true, e.getMessage().contains(missing.toString()));
    }
}
