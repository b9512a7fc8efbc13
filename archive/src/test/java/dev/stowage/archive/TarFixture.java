package dev.stowage.archive;

import dev.stowage.core.model.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Tars a test writes entry by entry with commons-compress, hostile ones included: whatever names,
 * links and types it is given, in that order. {@link #dockerArchive} starts one as Docker 24
 * writes it.
 */
final class TarFixture {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    TarFixture file(String name, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        return add(entry, content);
    }

    TarFixture file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TarFixture directory(String name) {
        return add(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true), new byte[0]);
    }

    TarFixture symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    TarFixture hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return add(entry, new byte[0]);
    }

    TarFixture special(String name, byte type) {
        return add(new TarArchiveEntry(name, type, true), new byte[0]);
    }

    /** An entry of any type with data, written as given (a PAX header, say). */
    TarFixture raw(String name, byte type, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setSize(content.length);
        return add(entry, content);
    }

    private TarFixture add(TarArchiveEntry entry, byte[] content) {
        entry.setModTime(0);
        entries.add(entry);
        contents.add(content);
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out);
        return out.toByteArray();
    }

    Path write(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private void writeTo(OutputStream out) {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A layer: an uncompressed tar of one file of {@code size} seeded random bytes. */
    static byte[] layer(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return new TarFixture().file("data-" + seed + ".bin", content).bytes();
    }

    /** An image config whose diff_ids are the given layers'. */
    static String config(byte[]... layers) {
        List<String> ids = new ArrayList<>();
        for (byte[] layer : layers) {
            ids.add("\"" + Digest.sha256(layer) + "\"");
        }
        return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                + String.join(",", ids) + "]}}";
    }

    /**
     * A Docker 24 archive of one image named {@code app:1} with these layers: config
     * {@code <hex>.json}, layers {@code l<i>/layer.tar}, {@code manifest.json} last (call
     * {@link #dockerManifest} yourself to write it otherwise).
     */
    static TarFixture dockerArchive(byte[]... layers) {
        String config = config(layers);
        TarFixture tar = new TarFixture().file(Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).hex() + ".json", config);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            tar.file("l" + i + "/layer.tar", layers[i]);
            paths.add("l" + i + "/layer.tar");
        }
        return tar.file("manifest.json", dockerManifest(Digest.sha256(config.getBytes(StandardCharsets.UTF_8)).hex()
                + ".json", "app:1", paths));
    }

    static String dockerManifest(String config, String tag, List<String> layers) {
        return "[{\"Config\":\"" + config + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\""
                + String.join("\",\"", layers) + "\"]}]";
    }
}
