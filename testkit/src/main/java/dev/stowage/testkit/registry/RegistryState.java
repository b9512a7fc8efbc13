package dev.stowage.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the registry holds: repositories with their tags, manifests and blob links (a blob
 * is readable in a repository only once pushed or mounted there, as in Distribution), the blob
 * content behind the links, and the open upload sessions. One monitor guards the metadata;
 * blob bytes stream outside it.
 */
final class RegistryState implements AutoCloseable {
    private static final class Repository {
        final Map<String, BlobDigest> tags = new TreeMap<>(); // ASCII order, as Go's sort.Strings
        final Map<BlobDigest, StoredManifest> manifests = new HashMap<>();
        final Set<BlobDigest> blobs = new HashSet<>();
    }

    private final BlobStore store;
    private final Map<String, Repository> repositories = new TreeMap<>();
    private final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();

    RegistryState(BlobStore store) {
        this.store = store;
    }

    synchronized boolean exists(String repository) {
        return repositories.containsKey(repository);
    }

    /** The blob's size, if it is readable in {@code repository}. */
    synchronized OptionalLong blobSize(String repository, BlobDigest digest) {
        Repository repo = repositories.get(repository);
        if (repo == null || !repo.blobs.contains(digest)) {
            return OptionalLong.empty();
        }
        return store.size(digest);
    }

    InputStream openBlob(BlobDigest digest, long offset) throws IOException {
        return store.open(digest, offset);
    }

    /** Unlinks a blob from a repository; the content goes once no repository links it. */
    synchronized boolean deleteBlob(String repository, BlobDigest digest) throws IOException {
        Repository repo = repositories.get(repository);
        if (repo == null || !repo.blobs.remove(digest)) {
            return false;
        }
        if (repositories.values().stream().noneMatch(r -> r.blobs.contains(digest))) {
            store.delete(digest);
        }
        return true;
    }

    /** Links {@code from}'s blob into {@code repository}; false if {@code from} cannot read it. */
    synchronized boolean mount(String repository, String from, BlobDigest digest) {
        Repository source = repositories.get(from);
        if (source == null || !source.blobs.contains(digest) || store.size(digest).isEmpty()) {
            return false;
        }
        repository(repository).blobs.add(digest);
        return true;
    }

    UploadSession openUpload(String repository) throws IOException {
        UploadSession session = new UploadSession(UUID.randomUUID().toString(), repository, store.newBuffer());
        uploads.put(session.id(), session);
        synchronized (this) {
            repository(repository);
        }
        return session;
    }

    /** The open session {@code id} of {@code repository}, if any. */
    Optional<UploadSession> upload(String repository, String id) {
        UploadSession session = uploads.get(id);
        return session != null && session.repository().equals(repository) ? Optional.of(session) : Optional.empty();
    }

    /** Makes a verified upload the content of {@code digest} and links it into the session's repository. */
    synchronized void completeUpload(UploadSession session, BlobDigest digest) throws IOException {
        uploads.remove(session.id());
        session.finish();
        if (store.size(digest).isPresent()) {
            session.buffer().discard(); // the same bytes are already there
        } else {
            store.commit(session.buffer(), digest);
        }
        repository(session.repository()).blobs.add(digest);
    }

    void cancelUpload(UploadSession session) {
        uploads.remove(session.id());
        session.finish();
        session.buffer().discard();
    }

    /**
     * Stores a manifest after checking that what it names is here: an image manifest's config
     * and layers as blobs of the repository, an index's children as its manifests.
     *
     * @param tag the tag to point at it, or null for a push by digest
     * @throws RegistryError {@code MANIFEST_BLOB_UNKNOWN}, one entry per missing blob or manifest
     */
    synchronized void putManifest(String repository, StoredManifest manifest, String tag) {
        Repository repo = repositories.get(repository);
        List<RegistryError.Entry> missing = new ArrayList<>();
        for (BlobDigest blob : manifest.blobs()) {
            if (repo == null || !repo.blobs.contains(blob)) {
                missing.add(new RegistryError.Entry(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                        "blob " + blob + " is not in repository " + repository, blob.toString()));
            }
        }
        for (BlobDigest child : manifest.children()) {
            if (repo == null || !repo.manifests.containsKey(child)) {
                missing.add(new RegistryError.Entry(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                        "manifest " + child + " is not in repository " + repository, child.toString()));
            }
        }
        if (!missing.isEmpty()) {
            throw RegistryError.of(400, missing);
        }
        repo = repository(repository);
        repo.manifests.put(manifest.digest(), manifest);
        if (tag != null) {
            repo.tags.put(tag, manifest.digest());
        }
    }

    synchronized Optional<StoredManifest> manifestByDigest(String repository, BlobDigest digest) {
        Repository repo = repositories.get(repository);
        return repo == null ? Optional.empty() : Optional.ofNullable(repo.manifests.get(digest));
    }

    synchronized Optional<StoredManifest> manifestByTag(String repository, String tag) {
        Repository repo = repositories.get(repository);
        BlobDigest digest = repo == null ? null : repo.tags.get(tag);
        return digest == null ? Optional.empty() : Optional.ofNullable(repo.manifests.get(digest));
    }

    /** Deletes a manifest and every tag pointing at it. */
    synchronized boolean deleteManifest(String repository, BlobDigest digest) {
        Repository repo = repositories.get(repository);
        if (repo == null || repo.manifests.remove(digest) == null) {
            return false;
        }
        repo.tags.values().removeIf(digest::equals);
        return true;
    }

    synchronized boolean deleteTag(String repository, String tag) {
        Repository repo = repositories.get(repository);
        return repo != null && repo.tags.remove(tag) != null;
    }

    /** The repository's tags in ASCII order; empty if the repository does not exist. */
    synchronized Optional<List<String>> tags(String repository) {
        Repository repo = repositories.get(repository);
        return repo == null ? Optional.empty() : Optional.of(List.copyOf(repo.tags.keySet()));
    }

    synchronized List<String> repositories() {
        return List.copyOf(repositories.keySet());
    }

    /** The repository's manifests whose {@code subject} is {@code digest}. */
    synchronized List<StoredManifest> referrers(String repository, BlobDigest digest) {
        Repository repo = repositories.get(repository);
        if (repo == null) {
            return List.of();
        }
        return repo.manifests.values().stream()
                .filter(m -> m.subject().equals(Optional.of(digest)))
                .sorted(java.util.Comparator.comparing(m -> m.digest().toString()))
                .toList();
    }

    private Repository repository(String name) {
        return repositories.computeIfAbsent(name, n -> new Repository());
    }

    @Override
    public void close() {
        uploads.clear();
        store.close();
    }
}
