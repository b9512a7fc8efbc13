package dev.stowage.core.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class LayerTarTest {
    private static final Instant T = Instant.parse("2023-11-14T22:13:20Z");

    static byte[] tar(Consumer<LayerBuilder> spec) throws IOException {
        LayerBuilder layer = new LayerBuilder();
        spec.accept(layer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerTar.write(layer.entries(), T, out);
        return out.toByteArray();
    }

    /** Entry name → header, in archive order; file contents in {@code contents}. */
    static Map<String, TarArchiveEntry> read(byte[] tar, Map<String, byte[]> contents) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                if (e.isFile()) {
                    contents.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    @Test
    void entriesAreSortedDepthFirstWithImplicitParentsAndDirectoriesEndingInSlash() throws IOException {
        byte[] tar = tar(l -> l.file("usr/bin/zz", new byte[1]).file("app-data", new byte[0])
                .file("app/run.sh", new byte[2], 0755).symlink("usr/bin/aa", "zz").directory("app/empty"));
        assertEquals(List.of("app/", "app/empty/", "app/run.sh", "app-data", "usr/", "usr/bin/", "usr/bin/aa",
                "usr/bin/zz"), new ArrayList<>(read(tar, new LinkedHashMap<>()).keySet()));
    }

    @Test
    void defaultsAreRootOwnershipTheBuildTimestampAndConventionalModes() throws IOException {
        Map<String, TarArchiveEntry> entries = read(tar(l -> l.file("app/a.txt", "hi".getBytes(StandardCharsets.UTF_8))
                .symlink("app/link", "a.txt")), new LinkedHashMap<>());
        TarArchiveEntry dir = entries.get("app/");
        TarArchiveEntry file = entries.get("app/a.txt");
        TarArchiveEntry link = entries.get("app/link");
        assertEquals(0755, dir.getMode());
        assertEquals(0644, file.getMode());
        assertEquals(0777, link.getMode());
        assertEquals("a.txt", link.getLinkName());
        for (TarArchiveEntry e : entries.values()) {
            assertEquals(0, e.getLongUserId(), e.getName());
            assertEquals(0, e.getLongGroupId(), e.getName());
            assertEquals("", e.getUserName(), e.getName());
            assertEquals("", e.getGroupName(), e.getName());
            assertEquals(T, e.getLastModifiedTime().toInstant(), e.getName());
        }
    }

    @Test
    void givenModeOwnerAndTimeAreWrittenWithTheTimeInWholeSeconds() throws IOException {
        EntryAttributes attrs = EntryAttributes.defaults().withMode(04750).withOwner(1000, 2000)
                .withModified(Instant.parse("2020-01-02T03:04:05.678Z"));
        Map<String, byte[]> contents = new LinkedHashMap<>();
        TarArchiveEntry e = read(tar(l -> l.file("bin/tool", new byte[] {1, 2, 3}, attrs)), contents).get("bin/tool");
        assertEquals(04750, e.getMode());
        assertEquals(1000, e.getLongUserId());
        assertEquals(2000, e.getLongGroupId());
        assertEquals(Instant.parse("2020-01-02T03:04:05Z"), e.getLastModifiedTime().toInstant());
        assertArrayEquals(new byte[] {1, 2, 3}, contents.get("bin/tool"));
    }

    @Test
    void archiveEndsWithTwoZeroBlocksWithoutRecordPadding() throws IOException {
        byte[] tar = tar(l -> l.file("a", new byte[10]));
        // header + one content block + two end blocks, not padded to a 10 KiB record
        assertEquals(4 * 512, tar.length);
        assertTrue(Arrays.equals(new byte[1024], Arrays.copyOfRange(tar, 1024, 2048)));
    }

    @Test
    void noAccessOrChangeTimesAndNoPaxHeaderForShortAsciiNames() throws IOException {
        byte[] tar = tar(l -> l.file("short/name", new byte[0]));
        String text = new String(tar, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("atime") || text.contains("ctime") || text.contains("PaxHeaders"), text);
    }

    @Test
    void longNamesAreKeptWholeThroughPaxRecords() throws IOException {
        String name = "deep/" + "x".repeat(200) + "/file.txt";
        assertTrue(read(tar(l -> l.file(name, new byte[0])), new LinkedHashMap<>()).containsKey(name));
    }

    @Test
    void laterEntryForTheSamePathReplacesTheEarlierOne() throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        read(tar(l -> l.file("a", new byte[] {1}).file("./a", new byte[] {2})), contents);
        assertArrayEquals(new byte[] {2}, contents.get("a"));
    }

    @Test
    void entryBeneathASymlinkOfTheSameLayerIsRefused() {
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class,
                () -> tar(l -> l.symlink("etc", "/host-etc").file("etc/passwd", new byte[0])));
        assertEquals("etc/passwd", e.path());
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
    }

    @Test
    void entryBeneathAFileIsRefused() {
        assertThrows(InvalidLayerPathException.class,
                () -> tar(l -> l.file("app", new byte[0]).file("app/x", new byte[0])));
    }

    @Test
    void absoluteAndDotDotEntryPathsAreRefusedWhenGiven() {
        LayerBuilder layer = new LayerBuilder();
        assertThrows(InvalidLayerPathException.class, () -> layer.file("/etc/passwd", new byte[0]));
        assertThrows(InvalidLayerPathException.class, () -> layer.directory("../up"));
        assertThrows(InvalidLayerPathException.class, () -> layer.symlink("a/../../b", "x"));
        assertThrows(InvalidLayerPathException.class, () -> layer.copyDirectory(java.nio.file.Path.of("."), "../x"));
    }

    @Test
    void streamedContentShorterThanItsSizeFailsNamingTheEntry() {
        LayerSourceException e = assertThrows(LayerSourceException.class, () -> tar(l -> l.file("data.bin", 10,
                () -> new ByteArrayInputStream(new byte[4]), EntryAttributes.defaults())));
        assertTrue(e.getMessage().contains("data.bin"), e.getMessage());
    }

    @Test
    void streamedContentLongerThanItsSizeFails() {
        assertThrows(LayerSourceException.class, () -> tar(l -> l.file("data.bin", 2,
                () -> new ByteArrayInputStream(new byte[4]), EntryAttributes.defaults())));
    }

    @Test
    void modeOutsidePermissionBitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EntryAttributes.defaults().withMode(0100644));
    }
}
