package dev.stowage.core.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a host directory tree into layer entries, without following symlinks. */
final class DirectoryTree {
    private DirectoryTree() {
    }

    /**
     * @throws LayerSourceException if {@code source} is not a readable directory or holds a
     *     socket, pipe or device
     */
    static List<LayerEntry> read(Path source, String containerPath) {
        if (!Files.isDirectory(source)) {
            throw new LayerSourceException("cannot copy " + source + " into a layer: not a directory");
        }
        List<LayerEntry> entries = new ArrayList<>();
        try {
            // the start is followed if it is a link (the user named it); nothing below it is
            Path start = source.toRealPath();
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(start)) {
                        entries.add(LayerEntry.directory(pathOf(dir), attributes(dir, 0755)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String path = pathOf(file);
                    if (attrs.isSymbolicLink()) {
                        entries.add(LayerEntry.symlink(path, Files.readSymbolicLink(file).toString(),
                                EntryAttributes.defaults()));
                    } else if (attrs.isRegularFile()) {
                        entries.add(LayerEntry.file(path, attrs.size(), () -> Files.newInputStream(file),
                                attributes(file, 0644)));
                    } else {
                        throw new LayerSourceException("cannot copy " + file + " into a layer: only regular "
                                + "files, directories and symlinks can be copied, not sockets, pipes or devices");
                    }
                    return FileVisitResult.CONTINUE;
                }

                private String pathOf(Path p) {
                    String relative = start.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    return LayerPath.join(containerPath, LayerPath.normalize(relative));
                }
            });
        } catch (IOException e) {
            throw new LayerSourceException("cannot read " + source + " for a layer: " + e, e);
        }
        return entries;
    }

    /** The file's permission bits, setuid/setgid/sticky included where the platform shows them. */
    private static EntryAttributes attributes(Path p, int fallback) throws IOException {
        int mode;
        try {
            mode = ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            mode = posixMode(p, fallback);
        }
        return EntryAttributes.defaults().withMode(mode);
    }

    private static int posixMode(Path p, int fallback) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission perm : perms) {
                mode |= 0400 >> perm.ordinal();
            }
            return mode;
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(p) ? 0755 : fallback;
        }
    }
}
