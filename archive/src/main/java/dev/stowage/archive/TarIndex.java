package dev.stowage.archive;

import dev.stowage.core.ArchiveLimits;
import dev.stowage.core.InvalidArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The entries of a tar file, found by reading its headers once (the data in between is skipped),
 * so that any entry can then be read where it lies, several at once. Building the index is where
 * an archive is held to its bounds, before anything is read from it: an entry named with
 * {@code ..} or an absolute path, a link (symbolic or hard) whose target leaves the archive or
 * that loops, two entries of one name with different content, an entry that is neither a file, a
 * directory nor a link, a header or name past its limit, more entries than the limit, and a tar
 * that is truncated (an entry running past the end of the file, or no end-of-archive marker) are
 * each refused with an {@link InvalidArchiveException} naming the entry.
 *
 * <p>Names are the archive's own namespace, never paths on disk: nothing is extracted. A symbolic
 * link inside the archive ({@code b159…/layer.tar -> ../6e77…/layer.tar}, as Docker 24 and earlier
 * write a layer two images share) is an alias for another entry, resolved component by component
 * as a file system would, and only within the archive.
 */
final class TarIndex {
    /** Hops through links before a lookup is a loop: Linux's {@code MAXSYMLINKS}. */
    static final int MAX_LINK_HOPS = 40;

    enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK }

    /**
     * One entry.
     *
     * @param offset where its data starts in the file
     * @param size its data's length (0 but for files)
     * @param target a link's target as the archive gives it; null for others
     */
    record Entry(String name, Kind kind, long offset, long size, String target) {
    }

    private final String archive;
    private final Map<String, Entry> entries;

    private TarIndex(String archive, Map<String, Entry> entries) {
        this.archive = archive;
        this.entries = entries;
    }

    /**
     * Reads the headers of the tar in {@code channel}.
     *
     * @param archive how messages name the archive
     * @throws InvalidArchiveException naming the entry that breaks a rule
     */
    static TarIndex scan(FileChannel channel, String archive, ArchiveLimits limits) {
        try {
            return new Scan(channel, archive, limits).run();
        } catch (TarScanner.HeaderTooLargeException e) {
            throw new InvalidArchiveException(archive + ": " + e.getMessage() + " (a name is at most "
                    + limits.maxNameLength() + " bytes)");
        } catch (IOException e) {
            throw new InvalidArchiveException(archive + ": not a readable tar archive: " + e.getMessage()
                    + " (truncated or corrupt?)", e);
        }
    }

    /** Every entry, by name. */
    Map<String, Entry> entries() {
        return entries;
    }

    /** Whether the archive has an entry of this name (of whatever kind, a link not followed). */
    boolean has(String name) {
        return entries.containsKey(name);
    }

    /**
     * The regular file {@code name} stands for, following links (in any component) within the archive.
     *
     * @param what how messages name the reference ({@code manifest.json's layer 2})
     * @throws InvalidArchiveException if there is no such file
     */
    Entry file(String name, String what) {
        String normal;
        try {
            normal = normalize(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException(archive + ": " + what + " names \"" + name + "\", which " + e.getMessage());
        }
        Resolution r = resolve(normal);
        if (r.escapes() || r.loops()) {
            throw new InvalidArchiveException(archive + ": " + what + " names " + name + ", "
                    + (r.escapes() ? "a link that leaves the archive" : "a link that loops"));
        }
        Entry entry = entries.get(r.name());
        if (entry == null) {
            throw new InvalidArchiveException(archive + ": " + what + " names " + name
                    + (r.name().equals(normal) ? "" : " (a link to " + r.name() + ")") + ", which the archive lacks");
        }
        if (entry.kind() != Kind.FILE) {
            throw new InvalidArchiveException(archive + ": " + what + " names " + name + ", which is a "
                    + entry.kind().name().toLowerCase(java.util.Locale.ROOT) + ", not a file");
        }
        return entry;
    }

    /** As {@link #file} for an entry that may be absent. */
    Optional<Entry> optionalFile(String name, String what) {
        Resolution r = resolve(normalize(name));
        if (!r.escapes() && !r.loops() && !entries.containsKey(r.name())) {
            return Optional.empty();
        }
        return Optional.of(file(name, what));
    }

    /** Where a lookup of a name ends: an entry name, or a link that escapes or loops on the way. */
    private record Resolution(String name, boolean escapes, boolean loops) {
    }

    /**
     * Follows links component by component, as {@code open(2)} would inside a root it cannot
     * leave, except that climbing above the root is refused rather than clamped.
     */
    private Resolution resolve(String start) {
        Deque<String> pending = new ArrayDeque<>(Arrays.asList(start.split("/")));
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (done.isEmpty()) {
                    return new Resolution(start, true, false);
                }
                done.remove(done.size() - 1);
                continue;
            }
            done.add(part);
            Entry entry = entries.get(String.join("/", done));
            if (entry == null || (entry.kind() != Kind.SYMLINK && entry.kind() != Kind.HARDLINK)) {
                continue;
            }
            if (++hops > MAX_LINK_HOPS) {
                return new Resolution(start, false, true);
            }
            done.remove(done.size() - 1);
            List<String> target = Arrays.asList(entry.target().split("/"));
            if (entry.kind() == Kind.HARDLINK) {
                done.clear(); // a hard link names its target from the archive's root
            }
            for (int i = target.size() - 1; i >= 0; i--) {
                pending.addFirst(target.get(i));
            }
        }
        return new Resolution(String.join("/", done), false, false);
    }

    /**
     * An entry name in the archive's namespace: {@code ./} and empty or {@code .} components
     * dropped, no trailing slash.
     *
     * @throws IllegalArgumentException if it is absolute or holds a {@code ..} component
     */
    static String normalize(String name) {
        if (name.startsWith("/")) {
            throw new IllegalArgumentException("is an absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("holds a NUL character");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("climbs out with \"..\"");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** One pass over the headers. */
    private static final class Scan {
        private final FileChannel channel;
        private final String archive;
        private final ArchiveLimits limits;
        private final Map<String, Entry> entries = new HashMap<>();
        private final List<Entry[]> sameSizeTwins = new ArrayList<>();
        private final List<Entry> links = new ArrayList<>();

        Scan(FileChannel channel, String archive, ArchiveLimits limits) {
            this.channel = channel;
            this.archive = archive;
            this.limits = limits;
        }

        TarIndex run() throws IOException {
            long fileSize = channel.size();
            ChannelSlice in = new ChannelSlice(channel, 0, fileSize);
            long headerLimit = Math.max(64 * 1024, 4L * limits.maxNameLength());
            int count = 0;
            try (TarScanner tar = new TarScanner(in, headerLimit)) {
                TarArchiveEntry header;
                while ((header = tar.getNextEntry()) != null) {
                    if (++count > limits.maxEntries()) {
                        throw invalid("has more than " + limits.maxEntries() + " entries, the limit (an image archive has a "
                                + "few per layer)");
                    }
                    add(header, in.position(), fileSize);
                }
                if (!tar.sawEndMarker()) {
                    throw invalid("ends without the tar end-of-archive marker: the archive is truncated");
                }
            }
            checkLinks();
            compareTwins();
            return new TarIndex(archive, Map.copyOf(entries));
        }

        private void add(TarArchiveEntry header, long offset, long fileSize) {
            String raw = header.getName();
            checkLength(raw, "an entry name");
            Kind kind = kind(header);
            String name;
            try {
                name = normalize(raw);
            } catch (IllegalArgumentException e) {
                throw invalid("entry " + quote(raw) + " " + e.getMessage() + "; archive entries must stay inside it");
            }
            if (name.isEmpty()) {
                if (kind == Kind.DIRECTORY) {
                    return; // "./", the archive's root
                }
                throw invalid("has an entry with an empty name");
            }
            long size = kind == Kind.FILE ? header.getSize() : 0;
            if (size < 0 || offset + size > fileSize) {
                throw invalid("entry " + quote(raw) + " claims " + header.getSize() + " bytes but the archive ends "
                        + Math.max(0, fileSize - offset) + " bytes after its header: the archive is truncated");
            }
            String target = null;
            if (kind == Kind.SYMLINK || kind == Kind.HARDLINK) {
                target = header.getLinkName();
                checkLength(target, "the target of link " + quote(raw));
                if (target.isEmpty()) {
                    throw invalid("link " + quote(raw) + " has no target");
                }
                if (target.startsWith("/")) {
                    throw invalid("link " + quote(raw) + " -> " + quote(target)
                            + " has an absolute target, which leaves the archive");
                }
                if (kind == Kind.HARDLINK) {
                    try {
                        normalize(target);
                    } catch (IllegalArgumentException e) {
                        throw invalid("hard link " + quote(raw) + " -> " + quote(target) + " leaves the archive: its target "
                                + e.getMessage());
                    }
                }
            }
            Entry entry = new Entry(name, kind, offset, size, target);
            if (target != null) {
                links.add(entry);
            }
            Entry earlier = entries.put(name, entry);
            if (earlier != null) {
                twin(earlier, entry);
            }
        }

        private Kind kind(TarArchiveEntry header) {
            if (header.isSparse()) {
                throw invalid("entry " + quote(header.getName()) + " is a sparse file; an image archive holds plain files");
            }
            byte flag = header.getLinkFlag();
            if (header.isDirectory()) {
                return Kind.DIRECTORY;
            }
            return switch (flag) {
                case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG -> Kind.FILE;
                case TarConstants.LF_SYMLINK -> Kind.SYMLINK;
                case TarConstants.LF_LINK -> Kind.HARDLINK;
                default -> throw invalid("entry " + quote(header.getName()) + " is a " + typeName(flag)
                        + "; an image archive holds files, directories and links only");
            };
        }

        private static String typeName(byte flag) {
            return switch (flag) {
                case TarConstants.LF_CHR -> "character device";
                case TarConstants.LF_BLK -> "block device";
                case TarConstants.LF_FIFO -> "FIFO";
                default -> "tar entry of type '" + (char) flag + "'";
            };
        }

        /** Two entries of one name: harmless only if they are the same thing. */
        private void twin(Entry earlier, Entry later) {
            if (earlier.kind() == Kind.DIRECTORY && later.kind() == Kind.DIRECTORY) {
                return;
            }
            boolean same = earlier.kind() == later.kind() && earlier.size() == later.size()
                    && java.util.Objects.equals(earlier.target(), later.target());
            if (!same) {
                throw duplicate(later.name());
            }
            if (later.kind() == Kind.FILE) {
                sameSizeTwins.add(new Entry[] {earlier, later});
            }
        }

        private void compareTwins() throws IOException {
            for (Entry[] twins : sameSizeTwins) {
                if (!Arrays.equals(sha256(twins[0]), sha256(twins[1]))) {
                    throw duplicate(twins[1].name());
                }
            }
        }

        private byte[] sha256(Entry entry) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream in = new ChannelSlice(channel, entry.offset(), entry.offset() + entry.size())) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            return digest.digest();
        }

        private InvalidArchiveException duplicate(String name) {
            return invalid("has two entries named " + quote(name) + " with different content");
        }

        /** Every link must resolve inside the archive without looping, used or not; the first in the archive is named. */
        private void checkLinks() {
            TarIndex index = new TarIndex(archive, entries);
            for (Entry entry : links) {
                Resolution r = index.resolve(entry.name());
                if (r.escapes()) {
                    throw invalid((entry.kind() == Kind.HARDLINK ? "hard link " : "link ") + quote(entry.name()) + " -> "
                            + quote(entry.target()) + " leaves the archive");
                }
                if (r.loops()) {
                    throw invalid("link " + quote(entry.name()) + " -> " + quote(entry.target()) + " forms a loop (more than "
                            + MAX_LINK_HOPS + " links followed)");
                }
            }
        }

        private void checkLength(String text, String what) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limits.maxNameLength()) {
                throw invalid("has " + what + " of " + bytes + " bytes (" + quote(text.substring(0, Math.min(40, text.length()))) + "…), more than "
                        + "the limit of " + limits.maxNameLength());
            }
        }

        private InvalidArchiveException invalid(String message) {
            return new InvalidArchiveException(archive + ": " + message);
        }
    }

    /** A name as messages show it: quoted, at most 200 characters. */
    static String quote(String name) {
        String shown = name.length() > 200 ? name.substring(0, 200) + "…" : name;
        return "\"" + shown + "\"";
    }
}
