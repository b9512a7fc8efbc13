package dev.stowage.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarLayerCopyTest {
    @TempDir
    Path dir;

    /** A tar as GNU tar or another tool would write it, entries as given (name, type, link). */
    private Path tarOf(boolean gzip, String[]... entries) throws IOException {
        Path file = dir.resolve(gzip ? "in.tar.gz" : "in.tar");
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String[] e : entries) {
                byte flag = e[1].equals("dir") ? TarConstants.LF_DIR : e[1].equals("sym") ? TarConstants.LF_SYMLINK
                        : e[1].equals("hard") ? TarConstants.LF_LINK : TarConstants.LF_NORMAL;
                TarArchiveEntry entry = new TarArchiveEntry(e[0], flag, true);
                entry.setUserId(1000);
                entry.setUserName("builder");
                entry.setModTime(FileTime.from(Instant.parse("2021-05-06T07:08:09Z")));
                entry.addPaxHeader("atime", "1700000000.5");
                if (e.length > 2) {
                    entry.setLinkName(e[2]);
                }
                byte[] content = flag == TarConstants.LF_NORMAL ? e[0].getBytes(StandardCharsets.UTF_8) : new byte[0];
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static byte[] copy(Path tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerTar.copy(tar, out);
        return out.toByteArray();
    }

    @Test
    void entriesKeepOrderAndMetadataWithDotSlashDroppedAndNoAccessTime() throws IOException {
        byte[] copied = copy(tarOf(false, new String[] {"./", "dir"}, new String[] {"./z/", "dir"},
                new String[] {"./z/f", "file"}, new String[] {"./a", "sym", "/z/f"}, new String[] {"./h", "hard", "./z/f"}));
        Map<String, TarArchiveEntry> entries = LayerTarTest.read(copied, new LinkedHashMap<>());
        assertEquals(List.of("z/", "z/f", "a", "h"), new ArrayList<>(entries.keySet()));
        TarArchiveEntry f = entries.get("z/f");
        assertEquals(1000, f.getLongUserId());
        assertEquals("builder", f.getUserName());
        assertEquals(Instant.parse("2021-05-06T07:08:09Z"), f.getLastModifiedTime().toInstant());
        assertEquals("/z/f", entries.get("a").getLinkName());
        assertEquals("z/f", entries.get("h").getLinkName());
        assertFalse(new String(copied, StandardCharsets.ISO_8859_1).contains("atime"));
    }

    @Test
    void gzippedTarIsReadToo() throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        LayerTarTest.read(copy(tarOf(true, new String[] {"f", "file"})), contents);
        assertEquals("f", new String(contents.get("f"), StandardCharsets.UTF_8));
    }

    @Test
    void absoluteEntryIsRefused() throws IOException {
        Path tar = tarOf(false, new String[] {"/etc/passwd", "file"});
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class, () -> copy(tar));
        assertEquals("/etc/passwd", e.path());
    }

    @Test
    void dotDotEntryIsRefused() throws IOException {
        Path tar = tarOf(false, new String[] {"a/../../evil", "file"});
        assertThrows(InvalidLayerPathException.class, () -> copy(tar));
    }

    @Test
    void hardLinkOutOfTheRootIsRefused() throws IOException {
        Path tar = tarOf(false, new String[] {"h", "hard", "../../etc/shadow"});
        assertThrows(InvalidLayerPathException.class, () -> copy(tar));
    }

    @Test
    void entryWrittenThroughASymlinkIsRefused() throws IOException {
        Path tar = tarOf(false, new String[] {"etc", "sym", "/etc"}, new String[] {"etc/cron.d/evil", "file"});
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class, () -> copy(tar));
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
    }

    @Test
    void hardLinkThroughASymlinkIsRefused() throws IOException {
        Path tar = tarOf(false, new String[] {"s", "sym", "/"}, new String[] {"h", "hard", "s/etc/shadow"});
        InvalidLayerPathException e = assertThrows(InvalidLayerPathException.class, () -> copy(tar));
        assertEquals("s/etc/shadow", e.path());
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
    }

    @Test
    void symlinkReplacingADirectoryAlreadyWrittenIsRefused() throws IOException {
        Path tar = tarOf(false, new String[] {"etc/x", "file"}, new String[] {"etc", "sym", "/etc"});
        assertThrows(InvalidLayerPathException.class, () -> copy(tar));
    }

    @Test
    void fileThatIsNotATarIsReportedAsSuch() throws IOException {
        Path notTar = Files.write(dir.resolve("x.tar"), "this is not a tar archive at all".repeat(40)
                .getBytes(StandardCharsets.UTF_8));
        LayerSourceException e = assertThrows(LayerSourceException.class, () -> copy(notTar));
        assertTrue(e.getMessage().contains("x.tar"), e.getMessage());
    }
}
