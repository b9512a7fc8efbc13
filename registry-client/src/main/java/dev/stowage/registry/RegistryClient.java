package dev.stowage.registry;

import dev.stowage.core.Credential;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.SearchResult;
import dev.stowage.core.StowageException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobPush;
import dev.stowage.core.spi.CredentialProvider;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.Registry;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.auth.DockerCredentials;
import dev.stowage.registry.config.RegistriesConfig;
import dev.stowage.registry.tls.CertsDirectories;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The OCI distribution client: implements {@link Registry} over the JDK's {@code HttpClient}
 * with docker-compatible authentication, {@code certs.d} TLS, {@code registries.conf}
 * ({@link RegistriesConfig}: insecure and blocked registries), retries, resumable downloads,
 * chunked uploads and cross-repository mounts. Every request has deadlines (connect, first byte,
 * idle, and for bodies other than blobs an overall one; see the {@link Builder}), and the
 * registry's credentials go only to its own origin, whatever URL it hands out (upload locations,
 * next-page links). Thread-safe; build one per application and close
 * it when the application is done with it (its idle thread would otherwise hold up the JVM's exit
 * by 300 ms).
 *
 * <pre>{@code
 * try (RegistryClient client = RegistryClient.builder()
 *         .credentials(DockerCredentials.fromEnvironment())
 *         .insecureRegistry("registry.lan:5000")
 *         .build()) {
 *     List<String> tags = client.listTags(ImageReference.parse("registry.lan:5000/team/app"));
 * }
 * }</pre>
 *
 * <p>Large downloads run markedly faster when the JDK client reads in larger buffers: start the
 * JVM with {@code -Djdk.httpclient.bufsize=262144}, as the {@code stowage} command line does (a
 * 1 GiB blob took ~1.55 instead of ~2.4 s of transfer on two cores, {@code bench/blob-get.sh}).
 */
public final class RegistryClient implements Registry {
    /** How many blob transfers may run at once through one client unless {@link Builder#parallelism} says otherwise. */
    public static final int DEFAULT_PARALLELISM = 6;

    private final RegistriesConfig registries;
    private final HttpTransport transport;
    private final Semaphore transfers;
    private final Steps steps;
    /** Whether this is a {@link #withProgress} view, which leaves closing to the client it came from. */
    private final boolean view;
    private final ManifestPuller manifestPuller;
    private final ManifestChecker manifestChecker;
    private final ManifestPusher manifestPusher;
    private final ManifestDeleter manifestDeleter;
    private final BlobChecker blobChecker;
    private final BlobPuller blobPuller;
    private final BlobPusher blobPusher;
    private final BlobDeleter blobDeleter;
    private final TagLister tagLister;
    private final CatalogLister catalogLister;
    private final ReferrersLister referrersLister;
    private final RepositorySearch repositorySearch;

    /** The settings of the protocol steps, kept to build a {@link #withProgress} view's steps. */
    private record Steps(long chunkThreshold, long chunkSize, boolean singlePostUploads, int maxListPages,
            int maxListNames, int pageSize) {
    }

    private RegistryClient(Builder b) {
        this(b.registries, transport(b), new Semaphore(b.parallelism, true), new Steps(b.chunkThreshold,
                b.chunkSize, b.singlePostUploads, b.maxListPages, b.maxListNames, b.pageSize), false);
    }

    private static HttpTransport transport(Builder b) {
        Set<String> insecure = Set.copyOf(b.insecure);
        RegistriesConfig registries = b.registries;
        return new HttpTransport(b.credentials, b.retryPolicy,
                host -> insecure.contains(host) || registries.isInsecure(host), b.loopbackInsecure, b.certs,
                new Deadlines(b.connectTimeout, b.requestTimeout, b.idleTimeout, b.smallBodyTimeout), b.userAgent,
                b.progress);
    }

    private RegistryClient(RegistriesConfig registries, HttpTransport transport, Semaphore transfers, Steps b,
            boolean view) {
        this.registries = registries;
        this.transport = transport;
        this.transfers = transfers;
        this.steps = b;
        this.view = view;
        this.manifestPuller = new ManifestPuller(transport);
        this.manifestChecker = new ManifestChecker(transport, manifestPuller);
        this.manifestPusher = new ManifestPusher(transport);
        this.manifestDeleter = new ManifestDeleter(transport);
        this.blobChecker = new BlobChecker(transport);
        this.blobPuller = new BlobPuller(transport);
        this.blobPusher = new BlobPusher(new BlobMounter(transport),
                new BlobUploader(transport, b.chunkThreshold, b.chunkSize, b.singlePostUploads));
        this.blobDeleter = new BlobDeleter(transport);
        PagedList pages = new PagedList(transport, b.maxListPages, b.maxListNames);
        this.tagLister = new TagLister(pages, b.pageSize);
        this.catalogLister = new CatalogLister(pages, b.pageSize);
        this.referrersLister = new ReferrersLister(transport, manifestPuller);
        this.repositorySearch = new RepositorySearch(transport, pages, b.pageSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<ManifestHead> checkManifest(ImageReference reference) {
        allowed(reference);
        return manifestChecker.check(reference.registry(), reference.repository(), target(reference));
    }

    @Override
    public RemoteManifest fetchManifest(ImageReference reference) {
        allowed(reference);
        return manifestPuller.pull(reference.registry(), reference.repository(), target(reference));
    }

    @Override
    public Digest pushManifest(ImageReference reference, byte[] raw, String mediaType) {
        allowed(reference);
        return manifestPusher.push(reference.registry(), reference.repository(), reference.tag(), raw, mediaType);
    }

    @Override
    public void deleteManifest(ImageReference reference) {
        allowed(reference);
        Digest digest = reference.digest().orElseGet(() -> checkManifest(reference)
                .orElseThrow(() -> new NotFoundException("deleting " + reference + " failed: no such manifest",
                        reference.registry(), 404, "MANIFEST_UNKNOWN"))
                .digest());
        manifestDeleter.delete(reference.registry(), reference.repository(), digest);
    }

    @Override
    public OptionalLong checkBlob(ImageReference repository, Digest digest) {
        allowed(repository);
        return blobChecker.check(repository.registry(), repository.repository(), digest);
    }

    /**
     * Streams a whole blob into {@code sink}, verifying digest and size as bytes pass and resuming
     * after a broken connection. On {@code DigestMismatchException} what reached the sink must be
     * discarded.
     *
     * @param size the descriptor's size, or -1 when unknown
     * @return bytes written to {@code sink}
     */
    public long fetchBlob(ImageReference repository, Digest digest, long size, OutputStream sink,
            ProgressListener progress) {
        return resumeBlob(repository, digest, size, 0, null, sink, progress);
    }

    /**
     * Continues a blob download the caller had started: {@code prefix} yields the first
     * {@code offset} bytes already held (they are digested, not written again), and only the rest
     * is requested and written to {@code sink}. The digest covers the whole blob.
     *
     * @return bytes written to {@code sink}
     */
    public long resumeBlob(ImageReference repository, Digest digest, long size, long offset, InputStream prefix,
            OutputStream sink, ProgressListener progress) {
        Objects.requireNonNull(sink, "sink");
        allowed(repository);
        if (offset < 0 || (size >= 0 && offset > size)) {
            throw new IllegalArgumentException("resume offset " + offset + " is outside the blob's " + size + " bytes");
        }
        return limited(digest, () -> blobPuller.pull(repository.registry(), repository.repository(),
                digest, size, offset, prefix, sink, progress));
    }

    @Override
    public InputStream openBlob(ImageReference repository, Descriptor blob, long offset, ProgressListener progress) {
        allowed(repository);
        return new BlobStream(transport, repository.registry(), repository.repository(), blob.digest(), blob.size(),
                offset, progress);
    }

    @Override
    public BlobPush pushBlob(ImageReference repository, Descriptor blob, BlobContent source, Optional<String> mountFrom,
            ProgressListener progress) {
        Objects.requireNonNull(source, "source");
        allowed(repository);
        return limited(blob.digest(), () -> blobPusher.push(repository.registry(), repository.repository(),
                blob.digest(), blob.size(), source, mountFrom, progress));
    }

    @Override
    public void deleteBlob(ImageReference repository, Digest digest) {
        allowed(repository);
        blobDeleter.delete(repository.registry(), repository.repository(), digest);
    }

    /** {@code registries.conf}'s mirrors of the reference, then its location ({@link RegistriesConfig#pullSources}). */
    @Override
    public List<ImageReference> pullSources(ImageReference reference) {
        return registries.pullSources(reference);
    }

    @Override
    public List<String> listTags(ImageReference repository) {
        allowed(repository);
        return tagLister.list(repository.registry(), repository.repository());
    }

    @Override
    public List<String> catalog(String registry) {
        registries.checkNotBlocked(registry);
        return catalogLister.list(registry);
    }

    @Override
    public List<SearchResult> search(String registry, String term, int limit) {
        registries.checkNotBlocked(registry);
        return repositorySearch.search(registry, term, limit);
    }

    @Override
    public List<Descriptor> referrers(ImageReference repository, Digest digest, Optional<String> artifactType) {
        allowed(repository);
        return referrersLister.list(repository.registry(), repository.repository(), digest, artifactType);
    }

    @Override
    public void checkCredential(String registry, Credential credential) {
        Objects.requireNonNull(credential, "credential");
        registries.checkNotBlocked(registry);
        new Ping(transport.withCredentials(CredentialProvider.of(Map.of(registry, credential)))).ping(registry);
    }

    /**
     * This client reporting every retry of every request to {@code listener} (unless a call names
     * a listener of its own): the same connections, credentials, tokens and bound on transfers.
     * Closing the view does nothing; closing this client ends it too.
     */
    @Override
    public RegistryClient withProgress(ProgressListener listener) {
        return new RegistryClient(registries, transport.withProgress(Objects.requireNonNull(listener, "listener")),
                transfers, steps, true);
    }

    /**
     * Stops the HTTP clients' threads and closes their connections. Every request afterwards
     * throws {@link IllegalStateException}, and so do requests still waiting for an answer.
     */
    @Override
    public void close() {
        if (!view) {
            transport.close();
        }
    }

    /**
     * {@code stowage login}: checks the credential against the registry, then stores it where
     * docker would (its credential helper, else {@code config.json}). A rejected credential is
     * not stored and the existing entry stays as it was.
     */
    public void login(String registry, Credential credential, DockerCredentials store) {
        checkCredential(registry, credential);
        store.store(registry, credential);
    }

    /** Refuses a reference {@code registries.conf} blocks, before anything is sent. */
    private void allowed(ImageReference reference) {
        registries.checkNotBlocked(reference.toString());
    }

    private static String target(ImageReference reference) {
        return reference.digest().map(Digest::toString).orElseGet(() -> reference.tag().orElse(ImageReference.DEFAULT_TAG));
    }

    /**
     * Runs a blob transfer once one of the {@code parallelism} slots is free: a bound for the whole
     * client, which applications may share between operations (each operation bounds its own
     * transfers as well).
     */
    private <T> T limited(Digest digest, Supplier<T> transfer) {
        try {
            transfers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StowageException("interrupted while waiting to transfer blob " + digest, e);
        }
        try {
            return transfer.get();
        } finally {
            transfers.release();
        }
    }

    /** Settings of a {@link RegistryClient}; each has a docker-like default. */
    public static final class Builder {
        private CredentialProvider credentials;
        private CertsDirectories certs = CertsDirectories.system();
        private final Set<String> insecure = new HashSet<>();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int parallelism = DEFAULT_PARALLELISM;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofMinutes(2);
        private Duration idleTimeout = Duration.ofMinutes(1);
        private Duration smallBodyTimeout = Duration.ofMinutes(2);
        private String userAgent = "stowage/" + version();
        private long chunkThreshold = 64L << 20;
        private long chunkSize = Long.MAX_VALUE;
        private boolean singlePostUploads;
        private int pageSize = 1000;
        private int maxListPages = 10_000;
        private int maxListNames = 1_000_000;
        private ProgressListener progress = ProgressListener.NONE;
        private RegistriesConfig registries;
        private boolean loopbackInsecure = true;

        private Builder() {
        }

        /**
         * Where every retry of every request is reported ({@link dev.stowage.core.ProgressEvent.Retrying}),
         * unless a call names a listener of its own; default nowhere. The client logs retries
         * only at DEBUG, so this is how an application learns of them.
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Whether registries on this machine ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost})
         * are insecure without being listed, as docker treats them: HTTPS without verifying the
         * certificate (a client certificate in {@code certs.d} is still presented), then plain
         * HTTP. Default true; false verifies their certificates as any other registry's (plain HTTP
         * stays allowed when the port does not speak TLS).
         */
        public Builder loopbackInsecure(boolean insecure) {
            this.loopbackInsecure = insecure;
            return this;
        }

        /**
         * containers-registries.conf(5) settings: registries marked {@code insecure} are treated as
         * {@link #insecureRegistry} ones, {@code blocked} ones are refused before anything is sent.
         * Default: {@link RegistriesConfig#fromEnvironment()}, as podman and skopeo read it.
         */
        public Builder registriesConfig(RegistriesConfig config) {
            this.registries = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where credentials come from; default: the user's docker configuration. */
        public Builder credentials(CredentialProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** TLS settings per registry; default: {@code /etc/docker/certs.d} and {@code /etc/containers/certs.d}. */
        public Builder certsDirectories(CertsDirectories directories) {
            this.certs = Objects.requireNonNull(directories, "directories");
            return this;
        }

        /**
         * A registry ({@code host} or {@code host:port}) reached over HTTPS without verifying its
         * certificate (a client certificate in {@code certs.d} is still presented), or plain HTTP
         * if it has no HTTPS. Loopback registries need not be listed ({@link #loopbackInsecure}).
         */
        public Builder insecureRegistry(String registry) {
            insecure.add(Objects.requireNonNull(registry, "registry"));
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How many blob transfers may run at once across the client; default {@value #DEFAULT_PARALLELISM}. */
        public Builder parallelism(int transfers) {
            if (transfers < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + transfers);
            }
            this.parallelism = transfers;
            return this;
        }

        /** How long opening a connection may take; default 30 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long to wait for the first byte of an answer (its headers) once the request is sent,
         * for an upload once its whole body is sent; default 2 minutes.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /**
         * How long a body may stall: no byte of a response body arriving, or no byte of an upload
         * taken by the registry, for this long fails the request (a download then resumes where it
         * stopped, as the {@link RetryPolicy} allows); default 1 minute.
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idle timeout");
            return this;
        }

        /**
         * How long the whole body of an answer other than a blob may take to arrive, from its
         * headers: manifests, tag and catalog pages, tokens, error answers. A body trickled a
         * byte at a time never stalls long enough for the idle timeout; this ends it. Blobs have
         * no overall deadline, only the idle one. Default 2 minutes.
         */
        public Builder smallBodyTimeout(Duration timeout) {
            this.smallBodyTimeout = positive(timeout, "small body timeout");
            return this;
        }

        /** Default {@code stowage/<version>}. */
        public Builder userAgent(String agent) {
            if (agent == null || agent.isBlank()) {
                throw new IllegalArgumentException("user agent must not be blank");
            }
            this.userAgent = agent;
            return this;
        }

        /**
         * Blobs larger than {@code threshold} bytes are uploaded through {@code PATCH} requests of at
         * most {@code chunkSize} bytes, after a broken one continuing from the offset the session
         * reports; smaller ones in one {@code PUT}. Defaults: 64 MiB, and one streamed {@code PATCH}
         * for the whole blob ({@code Long.MAX_VALUE}), as docker and skopeo send it: against the
         * Distribution registry every chunk boundary costs a wait while it stores its hash state
         * (about 0.2 s per 32 MiB chunk: 1 GiB took 8.5–14.9 s in 32 MiB chunks, 7.4–8.6 s in one
         * request), and a chunk buys no resumption there, as it drops a session whose request broke
         * off. A smaller {@code chunkSize} suits a front that limits request bodies.
         */
        public Builder chunkedUploads(long threshold, long chunkSize) {
            if (threshold < 0 || chunkSize < 1) {
                throw new IllegalArgumentException("chunk threshold must be >= 0 and chunk size >= 1, got "
                        + threshold + " and " + chunkSize);
            }
            this.chunkThreshold = threshold;
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * Whether a blob of at most 64 KiB is first offered in one {@code POST ?digest=} with its
         * body, saving a round trip on registries that take it; default off. A registry without
         * support (the Distribution registry) answers that POST with an upload session only after
         * it has received the body, so the body goes out twice, once per registry and client; and
         * {@code Expect: 100-continue} does not help there, as Distribution (Go's server) sends
         * neither {@code 100 Continue} nor its answer for a body under 256 KiB until the body
         * arrives, while the JDK client waits for the {@code 100} until the request times out.
         */
        public Builder singlePostUploads(boolean enabled) {
            this.singlePostUploads = enabled;
            return this;
        }

        /**
         * Bounds on a paginated list (tags, catalog): a registry that links to more than
         * {@code maxPages} pages or lists more than {@code maxNames} names fails the listing with
         * an error naming the bound, rather than being followed without end. Defaults 10,000
         * pages and 1,000,000 names.
         */
        public Builder listLimits(int maxPages, int maxNames) {
            if (maxPages < 1 || maxNames < 1) {
                throw new IllegalArgumentException("list limits must be at least 1, got " + maxPages + " pages and "
                        + maxNames + " names");
            }
            this.maxListPages = maxPages;
            this.maxListNames = maxNames;
            return this;
        }

        /** Entries asked for per page of tags or catalog; default 1000. */
        public Builder pageSize(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("page size must be at least 1, got " + entries);
            }
            this.pageSize = entries;
            return this;
        }

        public RegistryClient build() {
            if (credentials == null) {
                credentials = DockerCredentials.fromEnvironment();
            }
            if (registries == null) {
                registries = RegistriesConfig.fromEnvironment();
            }
            return new RegistryClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        private static String version() {
            String v = RegistryClient.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
