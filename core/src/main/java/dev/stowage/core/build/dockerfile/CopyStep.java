package dev.stowage.core.build.dockerfile;

import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.EntryContent;
import dev.stowage.core.build.InvalidLayerPathException;
import dev.stowage.core.build.LayerBuilder;
import dev.stowage.core.build.LayerSourceException;
import dev.stowage.core.build.StoredLayer;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidDigestException;
import dev.stowage.core.model.Platform;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code COPY} and {@code ADD} (and the directory {@code WORKDIR} creates): works out what the
 * step's layer holds, asks the build cache for a layer made from the same inputs on the same
 * parent, and writes the layer only when there is none.
 *
 * <p>Placement follows docker: a directory source copies its contents; a file goes into the
 * destination when it ends with {@code /}, is an existing directory, or several items are copied,
 * and is the destination otherwise; destinations are followed through the image's symlinks;
 * missing directories are created ({@code 0755}, owned by {@code --chown}'s owner); directories
 * that exist keep their owner and mode. Context files are owned by {@code 0:0} (or
 * {@code --chown}) with the build timestamp; files from another stage or image keep theirs;
 * files of an archive {@code ADD} extracts keep the archive's owners and times.
 */
final class CopyStep {
    private static final Pattern OCTAL = Pattern.compile("[0-7]{1,5}");
    private static final int BUFFER = 64 * 1024;

    private final ImageStore store;
    private final BuildCache cache;
    private final BuildContext context;
    private final Spool spool;
    private final Path scratch;
    private final DockerfileBuild options;
    private final Instant timestamp;
    private final DockerfileExecutor executor;
    private final IntFunction<LayerFilesystem> stages;
    private final BiFunction<ImageReference, Platform, LayerFilesystem> images;

    CopyStep(ImageStore store, BuildCache cache, BuildContext context, Spool spool, Path scratch,
            DockerfileBuild options, Instant timestamp, DockerfileExecutor executor, IntFunction<LayerFilesystem> stages,
            BiFunction<ImageReference, Platform, LayerFilesystem> images) {
        this.store = store;
        this.cache = cache;
        this.context = context;
        this.spool = spool;
        this.scratch = scratch;
        this.options = options;
        this.timestamp = timestamp;
        this.executor = executor;
        this.stages = stages;
        this.images = images;
    }

    /** The layer a step added and the history's {@code created_by} for it. */
    record Result(StoredLayer layer, String createdBy) {
    }

    /** Told whether each layer step was served from the cache. */
    interface Counter {
        void count(BuildStep step, boolean cached);
    }

    /** Something a COPY places: one file, or the contents of a directory or archive. */
    private sealed interface Item {
    }

    /** One file, placed at the destination or into it under {@code name}; {@code --chown} replaces its owner. */
    private record FileItem(String name, long size, EntryContent content, int mode, long uid, long gid,
            Optional<Long> mtime) implements Item {
    }

    /** Entries placed under the destination directory; {@code root} gives an archive's own {@code ./} entry. */
    private record TreeItem(List<TreeEntry> entries, Optional<TreeEntry> root, boolean chownApplies) implements Item {
    }

    private enum Kind { FILE, DIRECTORY, SYMLINK }

    private record TreeEntry(String path, Kind kind, int mode, long uid, long gid, Optional<Long> mtime, long size,
            EntryContent content, String link) {
    }

    /** The expanded words of one COPY or ADD. */
    private record Expanded(List<String> sources, String dest, Optional<String> chown, OptionalInt chmod,
            Optional<String> chmodText, Optional<String> checksum, List<Heredoc> documents) {
    }

    Result copy(StageState state, Command.Copy copy, BuildStep step, Counter counter) {
        Instruction at = copy.source();
        Expanded words = expand(state, copy);
        if (copy.parents()) {
            throw executor.invalid(at, "COPY --parents is not supported by Stowage yet; copy each directory with "
                    + "its own COPY");
        }
        if (words.checksum().isPresent()) {
            if (words.sources().size() != 1 || !words.documents().isEmpty() || !isUrl(words.sources().get(0))) {
                throw executor.invalid(at, "--checksum requires a single HTTP(S) source");
            }
        }
        String destAbsolute = absolute(state, words.dest());
        boolean destIsDirectory = words.dest().endsWith("/") || words.dest().equals(".") || words.dest().isEmpty()
                || words.dest().endsWith("/.");
        Optional<Integer> fromStage = copy.from().isPresent() ? executor.copySourceOf(state, copy) : Optional.empty();
        LayerFilesystem fromFilesystem = copy.from().isEmpty() ? null
                : fromStage.isPresent() ? stages.apply(fromStage.get())
                : images.apply(ImageReference.parse(copy.from().get()).withDefaultTag(), state.platform);

        CacheKey key = CacheKey.of(copy.keyword())
                .addChain(state.layers)
                .add(destAbsolute).add(destIsDirectory ? 1 : 0)
                .add(words.chown().orElse("")).add(words.chmodText().orElse(""))
                .add(copy.excludes()).add(copy.unpack().map(String::valueOf).orElse(""))
                .add(options.format().name()).add(options.compression().toString()).add(timestamp.getEpochSecond());
        List<Gathered> gathered = new ArrayList<>();
        for (String source : words.sources()) {
            if (isGit(source)) {
                throw executor.invalid(at, "ADD of a Git repository (" + source + ") is not supported by Stowage; "
                        + "clone it into the build context and COPY it");
            }
            if (isUrl(source)) {
                if (!copy.add()) {
                    throw executor.invalid(at, "source can't be a URL for COPY; use ADD");
                }
                gathered.add(download(source, words.checksum(), key, at));
            } else if (fromFilesystem != null) {
                key.add("from").addChain(fromFilesystem.layers()).add(source);
                gathered.add(new FromLayers(source));
            } else {
                gathered.add(fromContext(source, copy, key, at));
            }
        }
        for (Heredoc doc : words.documents()) {
            key.add("heredoc").add(doc.name()).add(doc.body());
        }
        String createdBy = createdBy(copy, words);
        Digest cacheKey = key.digest();
        Optional<StoredLayer> cached = cache.layer(cacheKey);
        if (cached.isPresent()) {
            counter.count(step, true);
            return new Result(cached.get(), createdBy);
        }
        List<Item> items = new ArrayList<>();
        try {
            for (Gathered g : gathered) {
                items.addAll(g.items(this, copy, fromFilesystem, at));
            }
            for (Heredoc doc : words.documents()) {
                byte[] content = doc.body().getBytes(StandardCharsets.UTF_8);
                items.add(new FileItem(doc.name(), content.length, () -> new ByteArrayInputStream(content), 0644, 0, 0,
                        Optional.empty()));
            }
            spool.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources of " + at.original().strip() + ": " + e.getMessage(), e);
        }
        ParentView parent = new ParentView(cache, state.filesystem());
        UserIds owner = words.chown().map(spec -> owner(spec, parent, at)).orElse(UserIds.ROOT);
        LayerBuilder layer = place(items, destAbsolute, destIsDirectory, parent, owner, words.chown().isPresent(),
                words.chmod(), at);
        StoredLayer stored = write(layer, at);
        cache.putLayer(cacheKey, stored);
        counter.count(step, false);
        return new Result(stored, createdBy);
    }

    /** The directory {@code WORKDIR} creates, if it is missing; owned by the stage's {@code USER}. */
    Optional<StoredLayer> workdir(StageState state, String absolute, Instruction at, BuildStep step, Counter counter) {
        ParentView parent = new ParentView(cache, state.filesystem());
        ParentView.Placement placement = parent.place(absolute, List.of());
        if (placement.targetIsDirectory()) {
            return Optional.empty();
        }
        Digest key = CacheKey.of("WORKDIR").addChain(state.layers).add(absolute).add(state.user)
                .add(options.format().name()).add(options.compression().toString()).add(timestamp.getEpochSecond())
                .digest();
        Optional<StoredLayer> cached = cache.layer(key);
        if (cached.isPresent()) {
            counter.count(step, true);
            return cached;
        }
        UserIds owner = state.user.isEmpty() ? UserIds.ROOT : owner(state.user, parent, at);
        LayerBuilder layer = new LayerBuilder();
        Map<String, Boolean> emitted = new LinkedHashMap<>();
        ancestors(layer, placement.target() + "/x", placement, owner, emitted);
        StoredLayer stored = write(layer, at);
        cache.putLayer(key, stored);
        counter.count(step, false);
        return Optional.of(stored);
    }

    private StoredLayer write(LayerBuilder layer, Instruction at) {
        try {
            return layer.writeTo(store, options.format(), options.compression(), timestamp);
        } catch (InvalidLayerPathException | LayerSourceException e) {
            throw executor.invalid(at, e.getMessage());
        }
    }

    private UserIds owner(String spec, ParentView parent, Instruction at) {
        try {
            return UserIds.resolve(spec, parent);
        } catch (UserIds.UnknownUserException e) {
            throw executor.invalid(at, e.getMessage());
        }
    }

    private Expanded expand(StageState state, Command.Copy copy) {
        Instruction at = copy.source();
        List<String> sources = new ArrayList<>();
        for (String s : copy.sources()) {
            sources.add(executor.expand(s, state, at));
        }
        String dest = executor.expand(copy.dest(), state, at);
        Optional<String> chown = copy.chown().map(c -> executor.expand(c, state, at));
        Optional<String> chmodText = copy.chmod().map(c -> executor.expand(c, state, at));
        OptionalInt chmod = OptionalInt.empty();
        if (chmodText.isPresent()) {
            String text = chmodText.get();
            if (!OCTAL.matcher(text).matches() || Integer.parseInt(text, 8) > 07777) {
                throw executor.invalid(at, "invalid chmod parameter: '" + text + "'. it should be octal string and "
                        + "between 0 and 07777 (Stowage takes octal modes only)");
            }
            chmod = OptionalInt.of(Integer.parseInt(text, 8));
        }
        Optional<String> checksum = copy.checksum().map(c -> executor.expand(c, state, at));
        List<Heredoc> documents = new ArrayList<>();
        for (Heredoc doc : copy.documents()) {
            documents.add(doc.expand() ? doc.withContent(rawExpand(doc.content(), state, at)) : doc);
        }
        return new Expanded(sources, dest, chown, chmod, chmodText, checksum, documents);
    }

    /** Heredoc bodies expand variables but keep quotes as they are. */
    private String rawExpand(String text, StageState state, Instruction at) {
        try {
            return new ShellLex('\\').skipProcessQuotes(true).processWord(text, state::variable);
        } catch (ShellLex.SubstitutionException e) {
            throw executor.invalid(at, e.getMessage());
        }
    }

    /** The destination, absolute: relative ones start at the working directory. */
    private static String absolute(StageState state, String dest) {
        String joined = dest.startsWith("/") ? dest : state.workdirOrRoot() + "/" + dest;
        return GoPath.clean(joined);
    }

    /** What BuildKit would clone rather than download: {@code git@…}, {@code git://…}, a URL naming a {@code .git} repository. */
    private static boolean isGit(String source) {
        String withoutRef = source.contains("#") ? source.substring(0, source.indexOf('#')) : source;
        return source.startsWith("git@") || source.startsWith("git://") || source.startsWith("ssh://")
                || (isUrl(source) && (withoutRef.endsWith(".git") || withoutRef.endsWith(".git/")));
    }

    private static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    private String createdBy(Command.Copy copy, Expanded words) {
        StringBuilder s = new StringBuilder(copy.keyword());
        words.chown().ifPresent(c -> s.append(" --chown=").append(c));
        words.chmodText().ifPresent(c -> s.append(" --chmod=").append(c));
        words.sources().forEach(src -> s.append(' ').append(src));
        words.documents().forEach(d -> s.append(" <<").append(d.name()));
        return s.append(' ').append(words.dest()).append(" # buildkit").toString();
    }

    // ---- gathering sources (enough to key the cache), then turning them into items on a miss

    /** A source read far enough to key the cache; {@link #items} makes what the layer places. */
    private interface Gathered {
        List<Item> items(CopyStep step, Command.Copy copy, LayerFilesystem from, Instruction at) throws IOException;
    }

    private record FromContext(BuildContext.Source source, List<BuildContext.Entry> entries,
            Map<Path, Digest> digests, boolean archive) implements Gathered {
        @Override
        public List<Item> items(CopyStep step, Command.Copy copy, LayerFilesystem from, Instruction at) throws IOException {
            if (archive) {
                return List.of(step.extract(source.host(), at));
            }
            if (!source.directory()) {
                BuildContext.Entry e = entries.get(0);
                return List.of(new FileItem(source.baseName(), e.size(), verified(e.host(), digests.get(e.host())),
                        e.mode(), 0, 0, Optional.empty()));
            }
            List<TreeEntry> tree = new ArrayList<>();
            for (BuildContext.Entry e : entries) {
                Kind kind = e.kind() == BuildContext.Kind.FILE ? Kind.FILE
                        : e.kind() == BuildContext.Kind.DIRECTORY ? Kind.DIRECTORY : Kind.SYMLINK;
                EntryContent content = kind == Kind.FILE ? verified(e.host(), digests.get(e.host())) : null;
                tree.add(new TreeEntry(e.path(), kind, e.mode(), 0, 0, Optional.empty(), e.size(), content, e.linkTarget()));
            }
            return List.of(new TreeItem(tree, Optional.empty(), true));
        }
    }

    private Gathered fromContext(String source, Command.Copy copy, CacheKey key, Instruction at) {
        List<BuildContext.Source> resolved;
        try {
            resolved = context.resolve(source);
        } catch (BuildContext.SourceException e) {
            throw executor.invalid(at, e.getMessage());
        }
        DockerIgnore excludes = excludes(copy, at);
        List<Gathered> all = new ArrayList<>();
        for (BuildContext.Source s : resolved) {
            List<BuildContext.Entry> entries;
            try {
                entries = context.entries(s);
            } catch (BuildContext.SourceException e) {
                throw executor.invalid(at, e.getMessage());
            }
            if (!excludes.isEmpty()) {
                entries = entries.stream().filter(e -> e.path().isEmpty() || !excludes.excludes(e.path())).toList();
            }
            Map<Path, Digest> digests = new LinkedHashMap<>();
            key.add("context").add(s.name()).add(s.directory() ? 1 : 0);
            for (BuildContext.Entry e : entries) {
                key.add(e.path()).add(e.kind().name()).add(e.mode()).add(e.size()).add(e.linkTarget() == null ? "" : e.linkTarget());
                if (e.kind() == BuildContext.Kind.FILE) {
                    Digest d = sha256(e.host(), at);
                    digests.put(e.host(), d);
                    key.add(d.toString());
                }
            }
            boolean archive = copy.add() && !s.directory() && copy.unpack().orElse(true) && isArchive(s.host(), at);
            key.add(archive ? 1 : 0);
            all.add(new FromContext(s, entries, digests, archive));
        }
        return (step, c, from, where) -> {
            List<Item> items = new ArrayList<>();
            for (Gathered g : all) {
                items.addAll(g.items(step, c, from, where));
            }
            return items;
        };
    }

    private DockerIgnore excludes(Command.Copy copy, Instruction at) {
        if (copy.excludes().isEmpty()) {
            return DockerIgnore.none();
        }
        try {
            return DockerIgnore.parse("--exclude", String.join("\n", copy.excludes()));
        } catch (InvalidDockerfileException e) {
            throw executor.invalid(at, e.problem());
        }
    }

    private boolean isArchive(Path file, Instruction at) {
        try (InputStream in = Files.newInputStream(file)) {
            return Archives.isTar(in);
        } catch (IOException e) {
            throw executor.invalid(at, "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private Digest sha256(Path file, Instruction at) {
        MessageDigest sha = CacheKey.sha256();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw executor.invalid(at, "cannot read " + context.root().relativize(file) + ": " + e.getMessage());
        }
        return Digest.of(Digest.SHA256, sha);
    }

    /** A context file's content, checked against the digest the cache key was made from. */
    private static EntryContent verified(Path file, Digest expected) {
        return () -> new FilterInputStream(Files.newInputStream(file)) {
            private final MessageDigest sha = CacheKey.sha256();

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    check();
                } else {
                    sha.update((byte) b);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    check();
                } else {
                    sha.update(b, off, n);
                }
                return n;
            }

            private void check() throws IOException {
                String actual = HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(expected.hex())) {
                    throw new IOException(file + " changed while the image was being built; build again");
                }
            }
        };
    }

    /** Extracts an archive's entries into the spool; its {@code ./} entry, if any, describes the destination. */
    private TreeItem extract(Path archive, Instruction at) throws IOException {
        List<TreeEntry> entries = new ArrayList<>();
        Map<String, TreeEntry> files = new LinkedHashMap<>();
        Optional<TreeEntry> root = Optional.empty();
        try (TarArchiveInputStream tar = Archives.tar(Files.newInputStream(archive))) {
            TarArchiveEntry e;
            while ((e = nextEntry(tar, archive, at)) != null) {
                String raw = e.getName();
                String cleaned = GoPath.clean(raw.startsWith("/") ? raw.substring(1) : raw);
                if (cleaned.equals("..") || cleaned.startsWith("../")) {
                    throw executor.invalid(at, "the archive " + archive.getFileName() + " has the entry " + raw
                            + ", which leads outside the destination");
                }
                String path = cleaned.equals(".") ? "" : cleaned;
                Optional<Long> mtime = Optional.of(e.getLastModifiedTime().toInstant().getEpochSecond());
                int mode = e.getMode() & 07777;
                TreeEntry entry;
                if (e.isDirectory()) {
                    entry = new TreeEntry(path, Kind.DIRECTORY, mode, e.getLongUserId(), e.getLongGroupId(), mtime, 0, null, null);
                } else if (e.isSymbolicLink()) {
                    entry = new TreeEntry(path, Kind.SYMLINK, 0777, e.getLongUserId(), e.getLongGroupId(), mtime, 0, null,
                            e.getLinkName());
                } else if (e.isLink()) {
                    TreeEntry target = files.get(LayerFilesystem.normalize(e.getLinkName()));
                    if (target == null) {
                        throw executor.invalid(at, "the archive " + archive.getFileName() + " has a hard link " + raw
                                + " to " + e.getLinkName() + ", which is not a file before it in the archive");
                    }
                    entry = new TreeEntry(path, Kind.FILE, mode, e.getLongUserId(), e.getLongGroupId(), mtime,
                            target.size(), target.content(), null);
                } else if (e.isFile()) {
                    long offset = spool.append(tar, e.getSize());
                    entry = new TreeEntry(path, Kind.FILE, mode, e.getLongUserId(), e.getLongGroupId(), mtime, e.getSize(),
                            spool.slice(offset, e.getSize()), null);
                    files.put(path, entry);
                } else {
                    throw executor.invalid(at, "the archive " + archive.getFileName() + " holds " + raw + ", a device, "
                            + "pipe or other special file, which a layer built without a runtime cannot hold");
                }
                if (path.isEmpty()) {
                    root = Optional.of(entry);
                } else {
                    entries.add(entry);
                }
            }
        }
        return new TreeItem(entries, root, false);
    }

    private TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path archive, Instruction at) {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw executor.invalid(at, "the archive " + archive.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    /** A {@code COPY --from} source: the key covers the source's layers; contents are read only on a miss. */
    private record FromLayers(String source) implements Gathered {
        @Override
        public List<Item> items(CopyStep step, Command.Copy copy, LayerFilesystem from, Instruction at) throws IOException {
            return step.fromLayers(source, copy, from, at);
        }
    }

    private List<Item> fromLayers(String source, Command.Copy copy, LayerFilesystem from, Instruction at)
            throws IOException {
        String path = LayerFilesystem.normalize(source);
        List<String> matches = new ArrayList<>();
        if (GoGlob.hasWildcards(path)) {
            matchLayers(from, "", List.of(path.split("/")), matches, at);
            if (matches.isEmpty()) {
                throw executor.invalid(at, "no file in --from=" + copy.from().orElseThrow() + " matches " + source);
            }
        } else {
            matches.add(path);
        }
        DockerIgnore excludes = excludes(copy, at);
        List<Item> items = new ArrayList<>();
        for (String match : matches) {
            LayerFilesystem.Resolved resolved = from.resolve(match, true);
            LayerFilesystem.Node node = resolved.node().orElse(null);
            if (node == null && !resolved.path().isEmpty()) {
                throw executor.invalid(at, source + ": no such file or directory in --from=" + copy.from().orElseThrow());
            }
            if (node == null || node.kind() == LayerFilesystem.Kind.DIRECTORY) {
                List<LayerFilesystem.Node> nodes = new ArrayList<>();
                int prefix = resolved.path().isEmpty() ? 0 : resolved.path().length() + 1;
                for (LayerFilesystem.Node n : from.under(resolved.path())) {
                    if (excludes.isEmpty() || !excludes.excludes(n.path().substring(prefix))) {
                        nodes.add(n);
                    }
                }
                Map<String, Spooled> contents = spoolContents(from, nodes);
                List<TreeEntry> tree = new ArrayList<>();
                for (LayerFilesystem.Node n : nodes) {
                    tree.add(treeEntry(n, n.path().substring(prefix), contents, at));
                }
                items.add(new TreeItem(tree, Optional.empty(), true));
            } else {
                TreeEntry e = treeEntry(node, "", spoolContents(from, List.of(node)), at);
                if (e.kind() != Kind.FILE) {
                    throw executor.invalid(at, source + " in --from=" + copy.from().orElseThrow() + " is not a file or directory");
                }
                items.add(new FileItem(GoPath.base("/" + match), e.size(), e.content(), e.mode(), e.uid(), e.gid(), e.mtime()));
            }
        }
        return items;
    }

    private void matchLayers(LayerFilesystem fs, String prefix, List<String> parts, List<String> out, Instruction at) {
        if (parts.isEmpty()) {
            out.add(prefix);
            return;
        }
        String part = parts.get(0);
        String joined = prefix.isEmpty() ? part : prefix + "/" + part;
        if (!GoGlob.hasWildcards(part)) {
            matchLayers(fs, joined, parts.subList(1, parts.size()), out, at);
            return;
        }
        Pattern pattern;
        try {
            pattern = GoGlob.compile(part);
        } catch (IllegalArgumentException e) {
            throw executor.invalid(at, e.getMessage());
        }
        String dir = fs.resolve(prefix, true).path();
        Set<String> names = new LinkedHashSet<>();
        for (LayerFilesystem.Node n : fs.under(dir)) {
            String rest = dir.isEmpty() ? n.path() : n.path().substring(dir.length() + 1);
            if (!rest.contains("/") && pattern.matcher(rest).matches()) {
                names.add(rest);
            }
        }
        for (String name : names) {
            matchLayers(fs, prefix.isEmpty() ? name : prefix + "/" + name, parts.subList(1, parts.size()), out, at);
        }
    }

    /** A file's content in the spool. */
    private record Spooled(EntryContent content, long size) {
    }

    private Map<String, Spooled> spoolContents(LayerFilesystem from, List<LayerFilesystem.Node> nodes)
            throws IOException {
        List<LayerFilesystem.Node> files = nodes.stream().filter(n -> n.kind() == LayerFilesystem.Kind.FILE
                || n.kind() == LayerFilesystem.Kind.HARDLINK).toList();
        Map<String, Spooled> contents = new LinkedHashMap<>();
        from.read(files, (readers, in, size) -> {
            long offset = spool.append(in, size);
            for (LayerFilesystem.Node n : readers) {
                contents.put(n.path(), new Spooled(spool.slice(offset, size), size));
            }
        });
        return contents;
    }

    private TreeEntry treeEntry(LayerFilesystem.Node n, String path, Map<String, Spooled> contents, Instruction at) {
        Optional<Long> mtime = Optional.of(n.mtime());
        return switch (n.kind()) {
            case DIRECTORY -> new TreeEntry(path, Kind.DIRECTORY, n.mode(), n.uid(), n.gid(), mtime, 0, null, null);
            case SYMLINK -> new TreeEntry(path, Kind.SYMLINK, 0777, n.uid(), n.gid(), mtime, 0, null, n.link());
            case FILE, HARDLINK -> {
                Spooled content = contents.get(n.path());
                yield new TreeEntry(path, Kind.FILE, n.mode(), n.uid(), n.gid(), mtime, content.size(), content.content(), null);
            }
            case OTHER -> throw executor.invalid(at, "/" + n.path() + " is a device, pipe or other special file, "
                    + "which a layer built without a runtime cannot hold");
        };
    }

    /** A downloaded {@code ADD https://…} file; its content digest keys the cache. */
    private record Download(URI url, Path file, long size, String name) implements Gathered {
        @Override
        public List<Item> items(CopyStep step, Command.Copy copy, LayerFilesystem from, Instruction at) throws IOException {
            if (copy.unpack().orElse(false)) {
                try (InputStream in = Files.newInputStream(file)) {
                    if (Archives.isTar(in)) {
                        return List.of(step.extract(file, at));
                    }
                }
            }
            // docker gives downloaded files mode 0600
            return List.of(new FileItem(name, size, () -> Files.newInputStream(file), 0600, 0, 0, Optional.empty()));
        }
    }

    private Download download(String source, Optional<String> checksum, CacheKey key, Instruction at) {
        URI url;
        try {
            url = new URI(source);
        } catch (URISyntaxException e) {
            throw executor.invalid(at, "invalid URL " + source + ": " + e.getMessage());
        }
        Optional<Digest> expected;
        try {
            expected = checksum.map(Digest::parse);
        } catch (InvalidDigestException e) {
            throw executor.invalid(at, "invalid --checksum: " + e.getMessage());
        }
        Path file;
        try {
            file = Files.createTempFile(scratch, "download", ".bin");
            options.remoteFiles().fetch(url, file);
        } catch (IOException e) {
            throw executor.invalid(at, "cannot download " + source + ": " + e.getMessage());
        }
        Digest actual = sha256(file, at);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw executor.invalid(at, "checksum mismatch for " + source + ": expected " + expected.get() + ", got "
                    + actual);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        String base = GoPath.base(path.isEmpty() ? "/" : path);
        String name = base.equals("/") || base.equals(".") ? "__unnamed__" : base;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        key.add("url").add(source).add(actual.toString());
        return new Download(url, file, size, name);
    }

    // ---- placing items into a layer

    private LayerBuilder place(List<Item> items, String dest, boolean destIsDirectory, ParentView parent,
            UserIds owner, boolean chown, OptionalInt chmod, Instruction at) {
        List<String> subdirectories = new ArrayList<>();
        for (Item item : items) {
            if (item instanceof TreeItem tree) {
                tree.entries().stream().filter(e -> e.kind() == Kind.DIRECTORY).forEach(e -> subdirectories.add(e.path()));
            }
        }
        ParentView.Placement placement = parent.place(dest, subdirectories);
        String target = placement.target();
        boolean single = items.size() == 1 && items.get(0) instanceof FileItem;
        boolean intoDirectory = !single || destIsDirectory || placement.targetIsDirectory();
        LayerBuilder layer = new LayerBuilder();
        Map<String, Boolean> emitted = new LinkedHashMap<>();
        for (Item item : items) {
            if (item instanceof FileItem file) {
                String path = intoDirectory ? join(target, file.name()) : target;
                if (path.isEmpty()) {
                    throw executor.invalid(at, "cannot copy a file over the root directory");
                }
                ancestors(layer, path, placement, owner, emitted);
                EntryAttributes attrs = attributes(chmod.orElse(file.mode()), chown ? owner : new UserIds(file.uid(), file.gid()),
                        file.mtime());
                layer.file(path, file.size(), file.content(), attrs);
                emitted.put(path, true);
            } else {
                TreeItem tree = (TreeItem) item;
                ancestors(layer, join(target, "x"), placement, owner, emitted);
                if (!target.isEmpty() && !placement.directories().containsKey(target) && tree.root().isPresent()) {
                    TreeEntry root = tree.root().get();
                    layer.directory(target, attributes(root.mode(), new UserIds(root.uid(), root.gid()), root.mtime()));
                }
                for (TreeEntry e : tree.entries()) {
                    String path = join(target, e.path());
                    UserIds ids = chown && tree.chownApplies() ? owner : new UserIds(e.uid(), e.gid());
                    switch (e.kind()) {
                        case DIRECTORY -> {
                            ParentView.Meta existing = placement.directories().get(path);
                            if (existing != null) {
                                layer.directory(path, existingAttributes(existing));
                            } else {
                                layer.directory(path, attributes(chmod.orElse(e.mode()), ids, e.mtime()));
                            }
                        }
                        case SYMLINK -> layer.symlink(path, e.link(), attributes(0777, ids, e.mtime()));
                        case FILE -> layer.file(path, e.size(), e.content(), attributes(chmod.orElse(e.mode()), ids, e.mtime()));
                    }
                    emitted.put(path, true);
                }
            }
        }
        return layer;
    }

    /**
     * Adds the directories above {@code path}: those the image has keep their owner, mode and
     * time; missing ones are created {@code 0755}, owned by {@code owner}, at the build time.
     */
    private void ancestors(LayerBuilder layer, String path, ParentView.Placement placement, UserIds owner,
            Map<String, Boolean> emitted) {
        List<String> chain = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            chain.add(path.substring(0, slash));
        }
        for (String dir : chain) {
            if (emitted.containsKey(dir)) {
                continue;
            }
            ParentView.Meta existing = placement.directories().get(dir);
            layer.directory(dir, existing != null ? existingAttributes(existing) : attributes(0755, owner, Optional.empty()));
            emitted.put(dir, true);
        }
    }

    private static EntryAttributes existingAttributes(ParentView.Meta meta) {
        return EntryAttributes.defaults().withMode(meta.mode()).withOwner(meta.uid(), meta.gid())
                .withModified(Instant.ofEpochSecond(meta.mtime()));
    }

    private static EntryAttributes attributes(int mode, UserIds owner, Optional<Long> mtime) {
        EntryAttributes attrs = EntryAttributes.defaults().withMode(mode).withOwner(owner.uid(), owner.gid());
        return mtime.map(t -> attrs.withModified(Instant.ofEpochSecond(t))).orElse(attrs);
    }

    private static String join(String dir, String path) {
        return dir.isEmpty() ? path : path.isEmpty() ? dir : dir + "/" + path;
    }
}
