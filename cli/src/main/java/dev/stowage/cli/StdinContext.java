package dev.stowage.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * What {@code stowage build -} reads on standard input, as {@code docker build -} does: a tar
 * (plain or compressed) holding the context, extracted into a scratch directory with every entry
 * confined to it; or else a Dockerfile, built with an empty context.
 */
final class StdinContext {
    private StdinContext() {
    }

    /** The input: a context directory, with the Dockerfile text when the input was one. */
    record Input(Path context, String dockerfile) {
        boolean isDockerfile() {
            return dockerfile != null;
        }
    }

    static Input read(InputStream stdin, Path scratch) throws IOException {
        Path context = Files.createDirectories(scratch.resolve("context"));
        InputStream in = new BufferedInputStream(stdin, 64 * 1024);
        in.mark(600);
        byte[] head = in.readNBytes(512);
        in.reset();
        if (!looksLikeArchive(head)) {
            return new Input(context, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        extract(decompressed(in), context);
        return new Input(context, null);
    }

    private static boolean looksLikeArchive(byte[] head) {
        boolean compressed = head.length >= 3 && ((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                || head[0] == 'B' && head[1] == 'Z' && head[2] == 'h'
                || (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z'
                || (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f);
        boolean tar = head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
        return compressed || tar;
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        try {
            return new CompressorStreamFactory().createCompressorInputStream(in);
        } catch (CompressorException notCompressed) {
            return in; // a plain tar
        }
    }

    private static void extract(InputStream in, Path root) throws IOException {
        Set<String> symlinks = new HashSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = confined(e.getName());
                if (name.isEmpty()) {
                    continue;
                }
                for (String parent = parentOf(name); !parent.isEmpty(); parent = parentOf(parent)) {
                    if (symlinks.contains(parent)) {
                        throw new IllegalArgumentException("the context tar on standard input has " + e.getName()
                                + " beneath the symlink " + parent + "; extracting it would follow the link");
                    }
                }
                Path target = root.resolve(name);
                Files.createDirectories(target.getParent());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    symlinks.add(name);
                } else if (e.isLink()) {
                    Path source = root.resolve(confined(e.getLinkName()));
                    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IllegalArgumentException("the context tar on standard input has a hard link "
                                + e.getName() + " to " + e.getLinkName() + ", which is not a file before it");
                    }
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                } else if (e.isFile()) {
                    Files.deleteIfExists(target);
                    try (OutputStream out = Files.newOutputStream(target)) {
                        tar.transferTo(out);
                    }
                } else {
                    continue; // devices and pipes cannot be copied into an image anyway
                }
                if (!e.isSymbolicLink()) {
                    Files.setPosixFilePermissions(target, permissions(e.getMode()));
                }
            }
        }
    }

    /** The entry name relative to the root; refuses one that is absolute or climbs out. */
    private static String confined(String name) {
        String cleaned = Path.of("/").resolve(name.startsWith("/") ? name.substring(1) : name).normalize().toString();
        if (name.startsWith("/") || name.contains("../") || name.equals("..") || name.endsWith("/..")) {
            throw new IllegalArgumentException("the context tar on standard input has the entry " + name
                    + ", which leads outside the context");
        }
        return cleaned.equals("/") ? "" : cleaned.substring(1);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, 0400 down to 0001
        for (int i = 0; i < all.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                perms.add(all[i]);
            }
        }
        return perms;
    }
}
