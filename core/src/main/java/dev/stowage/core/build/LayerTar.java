package dev.stowage.core.build;

import dev.stowage.core.OptionalDependency;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes layer tars the way Go's {@code archive/tar} writes docker's and BuildKit's: POSIX ustar
 * headers, PAX records only where ustar cannot hold a value (long or non-ASCII names, large
 * sizes or ids), never atime or ctime, empty user and group names, modes as permission bits
 * only, mtimes in whole seconds, and the archive ending with two zero blocks and no padding to
 * a 10 KiB record.
 */
final class LayerTar {
    private static final int BUFFER = 64 * 1024;

    private LayerTar() {
    }

    /** Writes {@code entries} in their order, defaults taken from {@code timestamp}; finishes the archive. */
    static void write(SortedMap<String, LayerEntry> entries, Instant timestamp, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = open(out);
        byte[] buffer = new byte[BUFFER];
        for (LayerEntry entry : entries.values()) {
            TarArchiveEntry header = header(entry.path(), entry.type());
            header.setMode(entry.mode());
            header.setUserId(entry.attributes().uid());
            header.setGroupId(entry.attributes().gid());
            header.setModTime(seconds(entry.attributes().modified().orElse(timestamp)));
            if (entry.type() == LayerEntry.Type.SYMLINK) {
                header.setLinkName(entry.linkTarget());
            }
            header.setSize(entry.size());
            tar.putArchiveEntry(header);
            if (entry.type() == LayerEntry.Type.FILE) {
                copyContent(entry, tar, buffer);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    /**
     * Rewrites the tar (plain, gzip or zstd) at {@code source} entry by entry, keeping each
     * entry's metadata, type and order, with names normalised and atime/ctime dropped.
     *
     * @throws InvalidLayerPathException if an entry or hard link target is absolute, has a
     *     {@code ..} component, or lies beneath a symlink of the same tar
     * @throws LayerSourceException if the file is not a readable tar
     */
    static void copy(Path source, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = open(out);
        Set<String> parents = new HashSet<>(); // every ancestor directory of the entries so far
        Set<String> symlinks = new HashSet<>();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = decompressed(source);
                TarArchiveInputStream entries = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(entries, source)) != null) {
                String path = LayerPath.normalize(entry.getName());
                if (path.isEmpty()) {
                    continue; // "./": the root is not a layer entry
                }
                checkNotBeneathSymlink(path, "writing it", symlinks);
                if (entry.isLink()) {
                    checkNotBeneathSymlink(LayerPath.normalize(entry.getLinkName()),
                            "linking " + path + " to it", symlinks);
                }
                if (entry.isSymbolicLink()) {
                    if (parents.contains(path)) {
                        throw new InvalidLayerPathException(path, "is a symlink replacing a directory that "
                                + "entries earlier in the same layer are beneath");
                    }
                    symlinks.add(path);
                }
                // stops at the first ancestor already known: its own ancestors are known too
                String parent = LayerPath.parent(path);
                while (!parent.isEmpty() && parents.add(parent)) {
                    parent = LayerPath.parent(parent);
                }
                tar.putArchiveEntry(rewritten(entry, path));
                if (entry.isFile()) {
                    transfer(entries, tar, buffer, source);
                }
                tar.closeArchiveEntry();
            }
        }
        tar.finish();
    }

    private static TarArchiveEntry rewritten(TarArchiveEntry entry, String path) {
        TarArchiveEntry copy = header(path, entry.isDirectory() ? LayerEntry.Type.DIRECTORY : null, entry.getLinkFlag());
        copy.setMode(entry.getMode() & 07777);
        copy.setUserId(entry.getLongUserId());
        copy.setGroupId(entry.getLongGroupId());
        copy.setUserName(entry.getUserName());
        copy.setGroupName(entry.getGroupName());
        copy.setModTime(seconds(entry.getLastModifiedTime().toInstant()));
        if (entry.isLink()) {
            copy.setLinkName(LayerPath.normalize(entry.getLinkName()));
        } else if (entry.isSymbolicLink()) {
            copy.setLinkName(entry.getLinkName());
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            copy.setDevMajor(entry.getDevMajor());
            copy.setDevMinor(entry.getDevMinor());
        }
        copy.setSize(entry.isFile() ? entry.getSize() : 0);
        for (Map.Entry<String, String> pax : entry.getExtraPaxHeaders().entrySet()) {
            if (!pax.getKey().equals("atime") && !pax.getKey().equals("ctime")) {
                copy.addPaxHeader(pax.getKey(), pax.getValue());
            }
        }
        return copy;
    }

    private static void checkNotBeneathSymlink(String path, String use, Set<String> symlinks) {
        for (String parent = LayerPath.parent(path); !parent.isEmpty(); parent = LayerPath.parent(parent)) {
            if (symlinks.contains(parent)) {
                throw new InvalidLayerPathException(path, "is beneath " + parent + ", a symlink in the same layer; "
                        + use + " would follow the link, possibly out of the layer root");
            }
        }
    }

    private static TarArchiveOutputStream open(OutputStream out) {
        // one 512-byte block per record: the archive ends after its two zero blocks, as Go's does
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    private static TarArchiveEntry header(String path, LayerEntry.Type type) {
        return header(path, type, type == LayerEntry.Type.SYMLINK ? TarConstants.LF_SYMLINK
                : type == LayerEntry.Type.DIRECTORY ? TarConstants.LF_DIR : TarConstants.LF_NORMAL);
    }

    private static TarArchiveEntry header(String path, LayerEntry.Type type, byte linkFlag) {
        String name = type == LayerEntry.Type.DIRECTORY ? path + "/" : path;
        TarArchiveEntry header = new TarArchiveEntry(name, linkFlag, true);
        header.setUserName("");
        header.setGroupName("");
        return header;
    }

    private static FileTime seconds(Instant time) {
        return FileTime.from(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void copyContent(LayerEntry entry, OutputStream tar, byte[] buffer) throws IOException {
        long remaining = entry.size();
        try (InputStream in = entry.content().open()) {
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new LayerSourceException("content of " + entry.path() + " ended after "
                            + (entry.size() - remaining) + " bytes, but its size was given as " + entry.size());
                }
                tar.write(buffer, 0, n);
                remaining -= n;
            }
            if (in.read() >= 0) {
                throw new LayerSourceException("content of " + entry.path() + " is longer than its size, "
                        + entry.size() + " bytes");
            }
        } catch (LayerSourceException e) {
            throw e;
        } catch (IOException e) {
            throw new LayerSourceException("cannot read content of " + entry.path() + ": " + e.getMessage(), e);
        }
    }

    private static void transfer(InputStream in, OutputStream out, byte[] buffer, Path source) throws IOException {
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw notATar(source, e);
            }
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream entries, Path source) {
        try {
            return entries.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw notATar(source, e);
        }
    }

    private static InputStream decompressed(Path source) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(source), BUFFER);
        } catch (IOException e) {
            throw new LayerSourceException("cannot read tar " + source + ": " + e, e);
        }
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        try {
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return new GZIPInputStream(in, BUFFER);
            }
            if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                    && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
                OptionalDependency.ZSTD_JNI.require("reading a zstd-compressed tar");
                return ZstdStreams.decompress(in);
            }
            return in;
        } catch (IOException e) {
            in.close();
            throw notATar(source, e);
        }
    }

    private static LayerSourceException notATar(Path source, Exception e) {
        return new LayerSourceException(source + " is not a readable tar (plain, gzip or zstd): " + e.getMessage(), e);
    }
}
