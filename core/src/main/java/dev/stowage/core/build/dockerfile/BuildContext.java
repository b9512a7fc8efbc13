package dev.stowage.core.build.dockerfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The build context: the directory {@code COPY} and {@code ADD} read from, seen through its
 * {@code .dockerignore}. Sources are confined to it: a path that climbs out ({@code ../x}) or a
 * symlink leading out of it is refused; excluded files do not exist for the build.
 */
final class BuildContext {
    private final Path root;
    private final DockerIgnore ignore;

    /** @param root the context directory, real (symlinks resolved) */
    BuildContext(Path root, DockerIgnore ignore) {
        this.root = root;
        this.ignore = ignore;
    }

    Path root() {
        return root;
    }

    /** The kinds of entries a context holds for a build. */
    enum Kind { FILE, DIRECTORY, SYMLINK }

    /**
     * One file, directory or symlink read from the context.
     *
     * @param path the path relative to what was copied ({@code ""} for a copied file itself)
     * @param host where it is on disk
     */
    record Entry(String path, Kind kind, int mode, long size, String linkTarget, Path host) {
    }

    /**
     * A source of {@code COPY} as it names something in the context.
     *
     * @param name the path relative to the context, as matched
     * @param host the file or directory it names, symlinks followed
     */
    record Source(String name, Path host, boolean directory) {
        String baseName() {
            return GoPath.base(name.isEmpty() ? "." : name);
        }
    }

    /** A source of a COPY that cannot be read; the caller adds the instruction. */
    static final class SourceException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceException(String message) {
            super(message);
        }
    }

    /**
     * What a {@code COPY} source names: one path, or each path its wildcards match (sorted).
     *
     * @throws SourceException for a path outside the context, a symlink out of it, or nothing there
     */
    List<Source> resolve(String source) {
        String relative = relativeName(source);
        if (!GoGlob.hasWildcards(relative)) {
            return List.of(follow(relative, source));
        }
        List<String> names = new ArrayList<>();
        expand("", List.of(relative.split("/")), names);
        if (names.isEmpty()) {
            throw new SourceException("no file in the build context matches " + source);
        }
        List<Source> sources = new ArrayList<>();
        for (String name : names) {
            sources.add(follow(name, source));
        }
        return sources;
    }

    /** The source as a cleaned path relative to the context root; refuses one that climbs out. */
    private static String relativeName(String source) {
        String cleaned = GoPath.clean(source.startsWith("/") ? source.substring(1) : source);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw new SourceException(source + " is outside the build context; COPY and ADD read only "
                    + "files under the context directory");
        }
        return cleaned.equals(".") ? "" : cleaned;
    }

    private void expand(String prefix, List<String> parts, List<String> out) {
        if (parts.isEmpty()) {
            out.add(prefix);
            return;
        }
        String part = parts.get(0);
        List<String> rest = parts.subList(1, parts.size());
        String joined = prefix.isEmpty() ? part : prefix + "/" + part;
        if (!GoGlob.hasWildcards(part)) {
            expand(joined, rest, out);
            return;
        }
        Pattern pattern;
        try {
            pattern = GoGlob.compile(part);
        } catch (IllegalArgumentException e) {
            throw new SourceException(e.getMessage());
        }
        Path dir;
        try {
            dir = prefix.isEmpty() ? root : follow(prefix, prefix).host();
        } catch (SourceException missing) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        TreeMap<String, Path> children = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                children.put(p.getFileName().toString(), p);
            }
        } catch (IOException e) {
            throw new SourceException("cannot list " + dir + ": " + e.getMessage());
        }
        for (String name : children.keySet()) {
            String candidate = prefix.isEmpty() ? name : prefix + "/" + name;
            if (pattern.matcher(name).matches() && !ignore.excludes(candidate)) {
                expand(candidate, rest, out);
            }
        }
    }

    /** The path, each symlink along it followed, required to stay in the context and not be excluded. */
    private Source follow(String name, String asWritten) {
        if (!name.isEmpty() && ignore.excludes(name)) {
            throw notFound(asWritten);
        }
        Path p = name.isEmpty() ? root : root.resolve(name);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(asWritten);
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            throw new SourceException(asWritten + " is a symlink to a file that does not exist");
        } catch (IOException e) {
            throw new SourceException("cannot read " + asWritten + ": " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new SourceException(asWritten + " is a symlink leading outside the build context (to " + real
                    + "); COPY and ADD read only files under the context directory");
        }
        String realName = root.relativize(real).toString().replace(real.getFileSystem().getSeparator(), "/");
        if (!realName.isEmpty() && ignore.excludes(realName)) {
            throw notFound(asWritten);
        }
        return new Source(name, real, Files.isDirectory(real));
    }

    private static SourceException notFound(String source) {
        return new SourceException(source + ": no such file or directory in the build context (or excluded by "
                + ".dockerignore)");
    }

    /**
     * What copying {@code source} reads: the file itself (path {@code ""}), or everything under
     * the directory (not the directory itself), symlinks kept as symlinks, excluded paths left out
     * (an excluded directory stays when an exception re-includes something under it).
     *
     * @throws SourceException for a socket, pipe or device, or an unreadable file
     */
    List<Entry> entries(Source source) {
        List<Entry> entries = new ArrayList<>();
        try {
            if (!source.directory()) {
                entries.add(entry("", source.host(), Files.readAttributes(source.host(), BasicFileAttributes.class)));
                return entries;
            }
            walk(source.host(), "", entries);
        } catch (IOException e) {
            throw new SourceException("cannot read " + source.name() + " in the build context: " + e.getMessage());
        }
        return entries;
    }

    /** Adds what is under {@code dir}; returns whether anything was added. */
    private boolean walk(Path dir, String prefix, List<Entry> entries) throws IOException {
        TreeMap<String, Path> children = new TreeMap<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            for (Path p : list) {
                children.put(p.getFileName().toString(), p);
            }
        }
        boolean added = false;
        for (var child : children.entrySet()) {
            String path = prefix.isEmpty() ? child.getKey() : prefix + "/" + child.getKey();
            Path host = child.getValue();
            String contextName = root.relativize(host).toString().replace(host.getFileSystem().getSeparator(), "/");
            boolean excluded = ignore.excludes(contextName);
            BasicFileAttributes attrs = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                if (excluded && !ignore.hasExceptions()) {
                    continue;
                }
                int at = entries.size();
                entries.add(entry(path, host, attrs));
                boolean inside = walk(host, path, entries);
                if (excluded && !inside) {
                    entries.remove(at);
                    continue;
                }
                added = true;
            } else if (!excluded) {
                entries.add(entry(path, host, attrs));
                added = true;
            }
        }
        return added;
    }

    private static Entry entry(String path, Path host, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
            return new Entry(path, Kind.SYMLINK, 0777, 0, Files.readSymbolicLink(host).toString(), host);
        }
        if (attrs.isDirectory()) {
            return new Entry(path, Kind.DIRECTORY, mode(host, 0755), 0, null, host);
        }
        if (attrs.isRegularFile()) {
            return new Entry(path, Kind.FILE, mode(host, 0644), attrs.size(), null, host);
        }
        throw new SourceException(host + " is a socket, pipe or device; only regular files, directories and "
                + "symlinks can be copied into an image");
    }

    /** Permission bits, setuid/setgid/sticky included where the platform shows them. */
    static int mode(Path p, int fallback) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                int mode = 0;
                for (PosixFilePermission perm : perms) {
                    mode |= 0400 >> perm.ordinal();
                }
                return mode;
            } catch (UnsupportedOperationException notPosix) {
                return Files.isExecutable(p) ? 0755 : fallback;
            }
        }
    }

    /** The {@code .dockerignore} next to the Dockerfile ({@code NAME.dockerignore}) or at the context root. */
    static DockerIgnore ignoreFor(Path contextRoot, Optional<Path> dockerfile) throws IOException {
        if (dockerfile.isPresent()) {
            Path specific = dockerfile.get().resolveSibling(dockerfile.get().getFileName() + ".dockerignore");
            if (Files.isRegularFile(specific)) {
                return DockerIgnore.parse(specific.getFileName().toString(), Files.readString(specific));
            }
        }
        Path file = contextRoot.resolve(".dockerignore");
        if (Files.isRegularFile(file)) {
            return DockerIgnore.parse(".dockerignore", Files.readString(file));
        }
        return DockerIgnore.none();
    }
}
