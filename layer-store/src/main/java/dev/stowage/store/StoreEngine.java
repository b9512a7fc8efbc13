package dev.stowage.store;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.ImageConflictException;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageManifest;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobIngest;
import dev.stowage.core.spi.BlobLocation;
import dev.stowage.core.spi.BlobLocations;
import dev.stowage.core.spi.BlobWriter;
import dev.stowage.core.spi.DeleteResult;
import dev.stowage.core.spi.DiskUsage;
import dev.stowage.core.spi.GcReport;
import dev.stowage.core.spi.ImageRecord;
import dev.stowage.core.spi.ImageStore;
import dev.stowage.core.spi.Lease;
import dev.stowage.core.spi.VerifyReport.Kind;
import dev.stowage.core.spi.VerifyReport.Problem;
import dev.stowage.core.spi.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's algorithms, written once for every store: an implementation supplies blob
 * storage, leases, a lock, and the reading and writing of the index and metadata; resolving,
 * tagging, docker-{@code rmi} rules, collection, disk usage and verification live here.
 */
abstract class StoreEngine implements ImageStore {
    final BlobStorage blobs;
    final LeaseRegistry leases;
    final StoreLock lock;
    final Clock clock;
    private final BlobStorage.Publisher publisher;
    private final BlobLocations locations = new MetadataBlobLocations();

    StoreEngine(BlobStorage blobs, LeaseRegistry leases, StoreLock lock, Clock clock) {
        this.blobs = blobs;
        this.leases = leases;
        this.lock = lock;
        this.clock = clock;
        this.publisher = new BlobStorage.Publisher() {
            @Override
            public void publish(Digest digest, BlobStorage.IoAction makeVisible) {
                lock.run(() -> {
                    makeVisible.run();
                    leases.written(digest);
                });
            }

            @Override
            public boolean protectIfStored(Digest digest) {
                return lock.call(() -> {
                    if (!blobs.has(digest)) {
                        return false;
                    }
                    leases.written(digest);
                    return true;
                });
            }
        };
    }

    /** The current index; called with or without the lock (the index is replaced atomically). */
    abstract LayoutIndex readIndex();

    /** Replaces the index; called under the lock. */
    abstract void writeIndex(LayoutIndex index);

    /** The current metadata; empty if there is none or it cannot be read. */
    abstract StoreMetadata readMetadata();

    /** Whether metadata exists but cannot be read. */
    abstract boolean metadataUnreadable();

    /** Replaces the metadata; called under the lock. */
    abstract void writeMetadata(StoreMetadata metadata);

    /** Removes temporary files left by writers that died; called under the lock. Returns how many. */
    abstract int removeTemporaries();

    // ---- blobs

    @Override
    public boolean hasBlob(Digest digest) {
        return blobs.has(digest);
    }

    @Override
    public OptionalLong blobSize(Digest digest) {
        return blobs.size(digest);
    }

    @Override
    public InputStream openBlob(Digest digest) {
        return blobs.open(digest);
    }

    @Override
    public void putBlob(Digest digest, long size, InputStream content) {
        try (BlobIngest ingest = ingest(digest, size)) {
            if (!ingest.isComplete()) {
                ingest.restart();
                ingest.append(content);
                ingest.commit();
            }
        }
    }

    @Override
    public BlobIngest ingest(Digest digest, long size) {
        return blobs.ingest(digest, size, publisher);
    }

    @Override
    public BlobWriter newBlob() {
        return blobs.writer(publisher);
    }

    /** Reads a stored blob that may be a manifest; empty if absent or larger than any manifest may be. */
    Optional<byte[]> manifestBytes(Digest digest) {
        OptionalLong size = blobs.size(digest);
        if (size.isEmpty() || size.getAsLong() > ManifestDocument.MAX_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = blobs.open(digest)) {
            return Optional.of(in.readNBytes(ManifestDocument.MAX_BYTES + 1));
        } catch (dev.stowage.core.BlobNotFoundException raced) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
    }

    // ---- manifests and images

    @Override
    public Digest putManifest(byte[] raw, String mediaType) {
        ManifestDocument doc = ManifestDocument.parse(raw, mediaType);
        putBlob(doc.digest(), raw.length, new java.io.ByteArrayInputStream(raw));
        return doc.digest();
    }

    @Override
    public ManifestDocument manifest(Digest digest) {
        byte[] raw = manifestBytes(digest).orElseThrow(() -> new BlobNotFoundException(digest));
        return ManifestDocument.parse(raw, null);
    }

    /** The media type of a stored, complete image; refuses what cannot be an image yet. */
    private String requireComplete(Digest manifest) {
        ManifestDocument doc = manifest(manifest);
        if (doc instanceof ImageManifest m) {
            for (Descriptor d : concat(m.config(), m.layers())) {
                if (!blobs.has(d.digest())) {
                    throw new StowageException("image " + manifest + " is incomplete: blob " + d.digest()
                            + " it references is not stored; store its blobs before recording the image");
                }
            }
        }
        return doc.mediaType();
    }

    private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
        List<Descriptor> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The form a reference takes in the index: tag {@code latest} by default; a digest reference without tag. */
    private static ImageReference indexForm(ImageReference reference, Digest manifest) {
        if (reference.digest().isPresent()) {
            if (!reference.digest().get().equals(manifest)) {
                throw new IllegalArgumentException("reference " + reference + " pins digest " + reference.digest().get()
                        + " but the image's manifest digest is " + manifest);
            }
            return ImageReference.parse(reference.name() + "@" + manifest);
        }
        return reference.withDefaultTag();
    }

    @Override
    public void tag(Digest manifest, ImageReference reference) {
        ImageReference ref = indexForm(reference, manifest);
        String name = ref.toString();
        lock.run(() -> {
            // Checked under the lock: a collection in another process cannot remove a blob in between.
            String mediaType = requireComplete(manifest);
            long size = blobs.size(manifest).orElseThrow(() -> new BlobNotFoundException(manifest));
            LayoutIndex index = readIndex();
            Optional<LayoutIndex.Entry> old = index.byRefName(name);
            if (old.isPresent() && old.get().digest().equals(manifest)) {
                recordFacts(manifest, ref.tag().isPresent());
                return;
            }
            LayoutIndex next = index.without(e -> e.refName().filter(name::equals).isPresent()
                    || e.digest().equals(manifest) && e.refName().isEmpty());
            if (old.isPresent() && next.entries().stream().noneMatch(e -> e.digest().equals(old.get().digest()))) {
                next = next.plus(old.get().withRefName(null)); // the image the tag left stays, untagged
            }
            writeIndex(next.plus(LayoutIndex.Entry.of(manifest, mediaType, size, name)));
            recordFacts(manifest, ref.tag().isPresent());
        });
    }

    @Override
    public void addUntagged(Digest manifest) {
        lock.run(() -> {
            String mediaType = requireComplete(manifest);
            long size = blobs.size(manifest).orElseThrow(() -> new BlobNotFoundException(manifest));
            LayoutIndex index = readIndex();
            if (index.entries().stream().noneMatch(e -> e.digest().equals(manifest))) {
                writeIndex(index.plus(LayoutIndex.Entry.of(manifest, mediaType, size, null)));
            }
            recordFacts(manifest, false);
        });
    }

    /** Under the lock: the image's stored time if new, and its last-tagged time. */
    private void recordFacts(Digest manifest, boolean tagged) {
        StoreMetadata md = readMetadata();
        Instant now = clock.instant();
        StoreMetadata.Facts facts = md.facts(manifest)
                .orElse(new StoreMetadata.Facts(now, Optional.empty(), Optional.empty()));
        writeMetadata(md.withFacts(manifest, tagged ? facts.tagged(now) : facts));
    }

    @Override
    public boolean untag(ImageReference reference) {
        return lock.call(() -> {
            LayoutIndex index = readIndex();
            Optional<LayoutIndex.Entry> entry = findByReference(index, reference);
            if (entry.isEmpty()) {
                return false;
            }
            LayoutIndex next = index.without(e -> e == entry.get());
            if (next.entries().stream().noneMatch(e -> e.digest().equals(entry.get().digest()))) {
                next = next.plus(entry.get().withRefName(null));
            }
            writeIndex(next);
            return true;
        });
    }

    /** The entry naming exactly this reference (with {@code latest} when it has neither tag nor digest). */
    private static Optional<LayoutIndex.Entry> findByReference(LayoutIndex index, ImageReference reference) {
        ImageReference r = reference.digest().isPresent()
                ? ImageReference.parse(reference.name() + "@" + reference.digest().get())
                : reference.withDefaultTag();
        return index.byRefName(r.toString());
    }

    @Override
    public List<ImageRecord> images() {
        return new ImageRecords(this).all(readIndex(), readMetadata());
    }

    @Override
    public Optional<ImageRecord> resolve(ImageReference reference) {
        LayoutIndex index = readIndex();
        Optional<Digest> digest = findByReference(index, reference).map(LayoutIndex.Entry::digest);
        if (digest.isEmpty() && reference.digest().isPresent()) {
            // docker resolves name@digest for an image pulled by tag as well
            Digest pinned = reference.digest().get();
            digest = index.entries().stream().map(LayoutIndex.Entry::digest).filter(pinned::equals).findFirst();
        }
        return digest.flatMap(d -> new ImageRecords(this).of(index, d, readMetadata()));
    }

    @Override
    public Optional<ImageRecord> resolve(String nameOrId) {
        LayoutIndex index = readIndex();
        ImageRecords records = new ImageRecords(this);
        Optional<Target> found = target(index, records, nameOrId);
        if (found.isEmpty()) {
            try {
                return resolve(ImageReference.parse(nameOrId)); // name@digest of an image pulled by tag
            } catch (IllegalArgumentException notAReference) {
                return Optional.empty();
            }
        }
        return records.of(index, found.get().manifest(), readMetadata());
    }

    /** What a name or ID designates: an image's manifest and ID, and the index entry when it was named by reference. */
    private record Target(Digest manifest, Digest id, Optional<LayoutIndex.Entry> entry) {
    }

    private static final Pattern FULL_ID = Pattern.compile("(?:sha256:)?([0-9a-f]{64})");
    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?([0-9a-f]{1,63})");

    /** Matches by reference, manifest digest or ID (from the manifests alone), without building any record. */
    private static Optional<Target> target(LayoutIndex index, ImageRecords records, String nameOrId) {
        Optional<LayoutIndex.Entry> exact = index.byRefName(nameOrId);
        if (exact.isEmpty()) {
            Matcher full = FULL_ID.matcher(nameOrId);
            if (full.matches()) {
                Digest d = Digest.of(Digest.SHA256, full.group(1));
                return unique(targets(index, records).filter(t -> t.manifest().equals(d) || t.id().equals(d)).toList(),
                        nameOrId);
            }
            try {
                exact = findByReference(index, ImageReference.parse(nameOrId));
            } catch (IllegalArgumentException notAReference) {
                exact = Optional.empty();
            }
        }
        if (exact.isPresent()) {
            Digest d = exact.get().digest();
            return Optional.of(new Target(d, records.id(d), exact));
        }
        Matcher prefix = ID_PREFIX.matcher(nameOrId);
        if (prefix.matches()) {
            String hex = prefix.group(1);
            return unique(targets(index, records).filter(t -> t.id().hex().startsWith(hex)).toList(), nameOrId);
        }
        return Optional.empty();
    }

    /** Each image of the index once, in index order, as a target named by ID. */
    private static java.util.stream.Stream<Target> targets(LayoutIndex index, ImageRecords records) {
        return index.entries().stream().map(LayoutIndex.Entry::digest).distinct()
                .map(d -> new Target(d, records.id(d), Optional.empty()));
    }

    /** One image per ID: several manifests sharing a config are one image to docker, listed first by index order. */
    private static Optional<Target> unique(List<Target> matches, String asked) {
        long ids = matches.stream().map(Target::id).distinct().count();
        if (ids > 1) {
            throw new ImageConflictException("image ID prefix " + asked + " is ambiguous: it matches " + ids
                    + " images; give more characters of the ID");
        }
        return matches.stream().findFirst();
    }

    @Override
    public DeleteResult delete(String nameOrId, boolean force) {
        return lock.call(() -> {
            LayoutIndex index = readIndex();
            ImageRecords records = new ImageRecords(this);
            Target target = target(index, records, nameOrId).orElseThrow(() -> new ImageNotFoundException(nameOrId));
            Digest id = target.id();
            Set<Digest> sameImage = new HashSet<>();
            targets(index, records).filter(t -> t.id().equals(id)).forEach(t -> sameImage.add(t.manifest()));
            List<LayoutIndex.Entry> entries = index.entries().stream().filter(e -> sameImage.contains(e.digest())).toList();
            List<LayoutIndex.Entry> removed;
            if (target.entry().isPresent()) {
                // By reference, as docker: only that name goes while the image keeps another tag; force changes nothing.
                LayoutIndex.Entry named = target.entry().get();
                boolean otherTags = entries.stream().anyMatch(e -> e != named && isTag(e));
                removed = otherTags ? List.of(named) : entries;
            } else {
                long repositories = entries.stream().map(LayoutIndex.Entry::refName).flatMap(Optional::stream)
                        .map(n -> ImageRecords.reference(n).map(ImageReference::name).orElse(n)).distinct().count();
                if (repositories > 1 && !force) {
                    throw new ImageConflictException("conflict: unable to delete " + id.shortHex(12)
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                removed = entries;
            }
            LayoutIndex next = index.without(removed::contains);
            writeIndex(next);
            forgetRemoved(next);
            List<ImageReference> untagged = new ArrayList<>();
            removed.forEach(e -> e.refName().flatMap(ImageRecords::reference).ifPresent(untagged::add));
            boolean gone = next.entries().stream().noneMatch(e -> sameImage.contains(e.digest()));
            return new DeleteResult(untagged, gone ? List.of(id) : List.of());
        });
    }

    private static boolean isTag(LayoutIndex.Entry e) {
        return e.refName().flatMap(ImageRecords::reference).map(r -> r.tag().isPresent())
                .orElse(e.refName().isPresent());
    }

    @Override
    public void markUsed(Digest manifest) {
        lock.run(() -> {
            StoreMetadata md = readMetadata();
            if (readIndex().entries().stream().anyMatch(e -> e.digest().equals(manifest))) {
                Instant now = clock.instant();
                StoreMetadata.Facts facts = md.facts(manifest).orElse(new StoreMetadata.Facts(
                        blobs.storedAt(manifest).orElse(now), Optional.empty(), Optional.empty()));
                writeMetadata(md.withFacts(manifest, facts.used(now)));
            }
        });
    }

    @Override
    public BlobLocations blobLocations() {
        return locations;
    }

    /** Kept in the store's metadata, so what one process learnt serves the next. */
    private final class MetadataBlobLocations implements BlobLocations {
        @Override
        public void record(Collection<Digest> blobs, BlobLocation location) {
            lock.run(() -> {
                StoreMetadata md = readMetadata();
                StoreMetadata next = md;
                for (Digest blob : blobs) {
                    if (!next.sources(blob).contains(location)) {
                        next = next.withSource(blob, location);
                    }
                }
                if (next != md) {
                    writeMetadata(next);
                }
            });
        }

        @Override
        public Set<BlobLocation> of(Digest blob) {
            return readMetadata().sources(blob);
        }
    }

    // ---- leases, collection, usage, verification

    @Override
    public Lease lease() {
        return leases.open();
    }

    @Override
    public Set<Digest> leasedDigests() {
        return lock.call(leases::live);
    }

    @Override
    public GcReport gc(Instant partialDownloadsBefore) {
        record Swept(List<Digest> removed, long bytes, int temporaries, int deadLeases) {
        }
        Swept swept = lock.call(() -> {
            int deadLeases = leases.removeDead();
            LayoutIndex index = readIndex();
            Set<Digest> live = reachable(index, leases.live(), new Reachability(this::manifestBytes));
            List<Digest> removed = new ArrayList<>();
            long bytes = 0;
            for (Digest d : blobs.list()) {
                if (!live.contains(d)) {
                    bytes += blobs.delete(d);
                    removed.add(d);
                }
            }
            forgetRemoved(index);
            return new Swept(removed, bytes, removeTemporaries(), deadLeases);
        });
        BlobStorage.Cleanup cleanup = blobs.cleanIngests(partialDownloadsBefore);
        return new GcReport(swept.removed(), swept.bytes() + cleanup.bytes(), cleanup.files() + swept.temporaries(),
                cleanup.partialDownloads(), swept.deadLeases());
    }

    /** Drops metadata about images no longer in the index and blobs no longer stored. Under the lock. */
    void forgetRemoved(LayoutIndex index) {
        StoreMetadata md = readMetadata();
        Set<Digest> images = new HashSet<>();
        index.entries().forEach(e -> images.add(e.digest()));
        StoreMetadata kept = md.retain(images::contains, blobs::has);
        if (!kept.equals(md)) {
            writeMetadata(kept);
        }
    }

    private static Set<Digest> reachable(LayoutIndex index, Set<Digest> leased, Reachability graph) {
        Set<Digest> live = new HashSet<>();
        for (LayoutIndex.Entry e : index.entries()) {
            if (!live.contains(e.digest())) {
                live.addAll(graph.fromImage(e.digest()));
            }
        }
        for (Digest d : leased) {
            if (!live.contains(d)) {
                live.addAll(graph.fromLeased(d));
            }
        }
        return live;
    }

    @Override
    public DiskUsage diskUsage() {
        LayoutIndex index = readIndex();
        Set<Digest> leased = leasedDigests();
        Reachability graph = new Reachability(this::manifestBytes);
        Map<Digest, Long> sizes = new HashMap<>();
        long total = 0;
        for (Digest d : blobs.list()) {
            long s = blobs.size(d).orElse(0);
            sizes.put(d, s);
            total += s;
        }
        Map<Digest, Set<Digest>> closures = new LinkedHashMap<>();
        for (LayoutIndex.Entry e : index.entries()) {
            closures.computeIfAbsent(e.digest(), graph::fromImage);
        }
        Map<Digest, Integer> users = new HashMap<>();
        closures.values().forEach(c -> c.forEach(d -> users.merge(d, 1, Integer::sum)));
        List<DiskUsage.ImageUsage> rows = new ArrayList<>();
        for (Map.Entry<Digest, Set<Digest>> c : closures.entrySet()) {
            long size = 0;
            long shared = 0;
            for (Digest d : c.getValue()) {
                long s = sizes.getOrDefault(d, 0L);
                size += s;
                if (users.get(d) > 1) {
                    shared += s;
                }
            }
            rows.add(new DiskUsage.ImageUsage(c.getKey(), size, shared, size - shared));
        }
        Set<Digest> leasedClosure = new HashSet<>();
        leased.forEach(d -> leasedClosure.addAll(graph.fromLeased(d)));
        Set<Digest> referenced = new HashSet<>(leasedClosure);
        closures.values().forEach(referenced::addAll);
        long unreferenced = sizes.entrySet().stream().filter(e -> !referenced.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long kept = leasedClosure.stream().mapToLong(d -> sizes.getOrDefault(d, 0L)).sum();
        return new DiskUsage(total, rows, unreferenced, total - kept, blobs.partials());
    }

    @Override
    public VerifyReport verify(boolean repair) {
        // Hashing every blob takes long: done before the lock, so writers wait only for the checks below.
        Set<Digest> suspect = new TreeSet<>();
        for (Digest d : blobs.list()) {
            if (d.isVerifiable() && checkContent(d).isPresent()) {
                suspect.add(d);
            }
        }
        return lock.call(() -> {
            List<Problem> problems = new ArrayList<>();
            Set<Digest> stored = new TreeSet<>(blobs.list());
            Set<Digest> corrupt = new HashSet<>();
            for (Digest d : suspect) {
                // Checked again: the blob may have been deleted, or deleted and stored anew, meanwhile.
                Optional<String> wrong = stored.contains(d) ? checkContent(d) : Optional.empty();
                if (wrong.isPresent()) {
                    corrupt.add(d);
                    if (repair) {
                        blobs.delete(d);
                    }
                    problems.add(new Problem(Kind.CORRUPT_BLOB, d.toString(), "blob " + d + " " + wrong.get()
                            + (repair ? "; deleted, pull the image again" : "; repair deletes it so a pull fetches it again"),
                            repair));
                }
            }
            LayoutIndex index = readIndex();
            Reachability graph = new Reachability(this::manifestBytes);
            Set<Digest> checked = new HashSet<>();
            for (LayoutIndex.Entry e : index.entries()) {
                checkDescriptor(e.digest(), e.size(), e.refName().orElse("untagged image"), stored, corrupt, problems);
                if (checked.add(e.digest()) && stored.contains(e.digest()) && !corrupt.contains(e.digest())) {
                    checkImage(e.digest(), graph, stored, corrupt, problems, checked);
                }
            }
            if (metadataUnreadable()) {
                if (repair) {
                    writeMetadata(StoreMetadata.empty());
                }
                problems.add(new Problem(Kind.STALE_METADATA, "metadata", "Stowage's metadata cannot be read"
                        + (repair ? "; rebuilt from the layout" : "; repair rebuilds it from the layout"), repair));
            }
            return new VerifyReport(problems, stored.size());
        });
    }

    private void checkImage(Digest root, Reachability graph, Set<Digest> stored, Set<Digest> corrupt,
                            List<Problem> problems, Set<Digest> checked) {
        ManifestLinks links;
        try {
            links = graph.links(root, true).orElseThrow();
        } catch (RuntimeException e) {
            problems.add(new Problem(Kind.INVALID_MANIFEST, root.toString(), "manifest " + root
                    + " cannot be parsed: " + e.getMessage(), false));
            return;
        }
        for (ManifestLinks.Link link : links.links()) {
            if (links.isIndex() && !stored.contains(link.digest())) {
                continue; // a platform that was never fetched
            }
            checkDescriptor(link.digest(), link.size(), "referenced by " + root, stored, corrupt, problems);
            if (link.manifest() && checked.add(link.digest()) && stored.contains(link.digest())
                    && !corrupt.contains(link.digest())) {
                checkImage(link.digest(), graph, stored, corrupt, problems, checked);
            }
        }
    }

    private void checkDescriptor(Digest d, long size, String context, Set<Digest> stored, Set<Digest> corrupt,
                                 List<Problem> problems) {
        if (!stored.contains(d)) {
            problems.add(new Problem(Kind.MISSING_BLOB, d.toString(), "blob " + d + " (" + context
                    + ") is missing; pull the image again", false));
        } else if (!corrupt.contains(d)) {
            long actual = blobs.size(d).orElse(-1);
            if (actual != size) {
                problems.add(new Problem(Kind.CORRUPT_BLOB, d.toString(), "blob " + d + " (" + context + ") has "
                        + actual + " bytes but its descriptor says " + size, false));
            }
        }
    }

    /** Re-digests a stored blob; describes the mismatch if there is one. */
    private Optional<String> checkContent(Digest d) {
        try (InputStream in = blobs.open(d)) {
            java.security.MessageDigest md = d.newMessageDigest();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            Digest actual = Digest.of(d.algorithm(), java.util.HexFormat.of().formatHex(md.digest()));
            return actual.equals(d) ? Optional.empty() : Optional.of("has content with digest " + actual);
        } catch (dev.stowage.core.BlobNotFoundException raced) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }
}
