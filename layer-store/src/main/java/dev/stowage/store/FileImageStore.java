package dev.stowage.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.core.InvalidStoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * An image store kept as an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/<alg>/<hex>}) that skopeo, crane, umoci and oras read directly. Tagged images have
 * an {@code index.json} entry whose {@code org.opencontainers.image.ref.name} annotation is the
 * full reference ({@code docker.io/library/nginx:1.21}).
 *
 * <p>Stowage's own files live in {@code stowage/}, which layout readers ignore: the lock file,
 * {@code metadata.json} (stored / tagged / used times, blob sources), partial downloads in
 * {@code ingest/}, leases, and temporary files. Deleting that directory loses no image.
 *
 * <p>The store stays inside its directory, resolved once when opened (the directory itself may be
 * reached through a link): it refuses a layout whose {@code oci-layout}, {@code index.json},
 * {@code blobs/}, {@code blobs/<alg>/}, {@code stowage/} or an entry of {@code stowage/} is a
 * symbolic link, never follows a link nor opens anything but a regular file below it, and its
 * sweeps remove only files named as it names them. A blob that is a link, a FIFO or a directory
 * is a corrupt blob: not stored as far as readers are concerned, reported by {@link #verify},
 * whose repair removes the entry itself (never what a link points to).
 *
 * <p>Several threads and processes may share one store: changes to the index and metadata are
 * atomic file replacements made under an inter-process lock, and blobs become visible only
 * once complete and verified, so killing a process at any instant leaves a valid store.
 *
 * <pre>{@code
 * try (FileImageStore store = FileImageStore.open(Path.of("/var/lib/app/images"))) {
 *     store.images().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class FileImageStore extends StoreEngine {
    static final String LAYOUT_VERSION = "1.0.0";
    private static final String META = "stowage";

    private final Path root;
    private final Path metaDir;

    private FileImageStore(Path root, Path metaDir, LockFile locks, StoreLock lock) {
        super(new FileBlobStorage(root, metaDir.resolve("ingest"), locks),
                new FileLeases(metaDir.resolve("leases"), locks, lock), lock, Clock.systemUTC());
        this.root = root;
        this.metaDir = metaDir;
    }

    /**
     * Opens the store in {@code directory}, creating a new, empty layout if the directory does
     * not exist or is empty.
     *
     * @throws InvalidStoreException if the directory holds something other than an OCI image
     *     layout, a layout of a newer version, or one whose own files or directories are symbolic links
     */
    public static FileImageStore open(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            if (Files.exists(root)) { // the store's directory itself may be reached through a link
                root = root.toRealPath(); // once: every path below is built from the real directory
                checkConfined(root);
                checkLayout(root); // before writing anything: a foreign directory stays untouched
            } else {
                Files.createDirectories(root);
                root = root.toRealPath();
            }
            Path metaDir = root.resolve(META);
            ConfinedFiles.createDirectory(metaDir);
            LockFile locks = LockFile.of(metaDir.resolve("lock"));
            StoreLock lock = StoreLock.onFile(locks);
            FileImageStore store = new FileImageStore(root, metaDir, locks, lock);
            if (!store.layoutComplete()) {
                lock.run(store::completeLayout);
            }
            return store;
        } catch (IOException e) {
            throw new InvalidStoreException("cannot open store " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a layout whose own files or directories are symbolic links: through them the store
     * would read, write or sweep outside its directory. Blob files are not listed here (there may
     * be many); a blob that is a link is a corrupt blob, which {@link #verify} reports.
     */
    private static void checkConfined(Path root) throws IOException {
        for (String name : List.of("oci-layout", "index.json", "blobs", META)) {
            refuseLink(root, root.resolve(name));
        }
        for (String name : List.of("blobs", META)) {
            Path dir = root.resolve(name);
            if (ConfinedFiles.isDirectory(dir)) {
                try (DirectoryStream<Path> entries = ConfinedFiles.list(dir)) {
                    for (Path entry : entries) {
                        refuseLink(root, entry);
                    }
                }
            }
        }
    }

    private static void refuseLink(Path root, Path entry) throws IOException {
        if (ConfinedFiles.attributes(entry).filter(BasicFileAttributes::isSymbolicLink).isPresent()) {
            throw new InvalidStoreException("store " + root + " is refused: " + entry + " is a symbolic link, and a "
                    + "store never follows links out of its directory; remove the link (or restore what was there) "
                    + "to use the store");
        }
    }

    /**
     * Accepts an OCI image layout of a version this Stowage reads, or a directory holding no more
     * than what Stowage itself makes before the layout's {@code oci-layout} file exists (a creation
     * cut short by a kill, or in progress in another process).
     */
    private static void checkLayout(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new InvalidStoreException("store " + root + " is not a directory");
        }
        Path marker = root.resolve("oci-layout");
        if (!ConfinedFiles.isRegularFile(marker)) {
            if (holdsOnlyALayoutBeingCreated(root)) {
                return;
            }
            throw new InvalidStoreException("directory " + root + " is not an OCI image layout (it has no oci-layout "
                    + "file); use an empty or new directory for a store");
        }
        JsonNode node;
        try {
            node = StoreJson.MAPPER.readTree(ConfinedFiles.readAllBytes(marker));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidStoreException("invalid " + marker + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode version = node == null ? null : node.get("imageLayoutVersion");
        if (version == null || !version.isTextual()) {
            throw new InvalidStoreException("invalid " + marker + ": imageLayoutVersion must be a string");
        }
        String v = version.asText();
        if (!v.matches("1\\.0\\.\\d+")) {
            throw new InvalidStoreException("store " + root + " has image layout version " + v
                    + ", newer than the version this Stowage supports (" + LAYOUT_VERSION + "); upgrade Stowage");
        }
    }

    /**
     * Whether the directory holds only {@code stowage/}, an empty {@code blobs/} and an
     * {@code index.json} without images: what Stowage makes before {@code oci-layout} (earlier
     * versions wrote {@code oci-layout} last).
     */
    private static boolean holdsOnlyALayoutBeingCreated(Path root) throws IOException {
        try (DirectoryStream<Path> entries = ConfinedFiles.list(root)) {
            for (Path p : entries) {
                boolean own = switch (p.getFileName().toString()) {
                    case META -> ConfinedFiles.isDirectory(p);
                    case "blobs" -> isEmptyDirectory(p);
                    case "index.json" -> isIndexWithoutImages(p);
                    default -> false;
                };
                if (!own) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!ConfinedFiles.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> s = ConfinedFiles.list(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static boolean isIndexWithoutImages(Path file) throws IOException {
        try {
            return ConfinedFiles.isRegularFile(file)
                    && LayoutIndex.parse(ConfinedFiles.readAllBytes(file)).entries().isEmpty();
        } catch (InvalidStoreException notAnIndex) {
            return false;
        }
    }

    private boolean layoutComplete() {
        return ConfinedFiles.isRegularFile(root.resolve("oci-layout")) && ConfinedFiles.isDirectory(root.resolve("blobs"))
                && ConfinedFiles.isRegularFile(root.resolve("index.json"));
    }

    /**
     * Under the lock, where another process creating the same layout is excluded: decides again
     * what the directory holds, then makes what is missing, {@code oci-layout} first so that a
     * kill at any later point leaves a directory every open recognises as a layout.
     */
    private void completeLayout() throws IOException {
        checkConfined(root);
        checkLayout(root);
        if (!ConfinedFiles.isRegularFile(root.resolve("oci-layout"))) {
            AtomicFiles.replace(root.resolve("oci-layout"),
                    ("{\"imageLayoutVersion\":\"" + LAYOUT_VERSION + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    tmpDir());
        }
        AtomicFiles.createDirectory(root.resolve("blobs"));
        if (!ConfinedFiles.exists(root.resolve("index.json"))) {
            writeIndex(LayoutIndex.empty());
        }
    }

    /** The layout's directory, as resolved when the store was opened (no symbolic link in it). */
    public Path directory() {
        return root;
    }

    /**
     * {@code stowage/tmp}: an operation's temporary files there are on the store's file system,
     * and those named as the store names its temporaries ({@code NAME.UUID.tmp}) that a crashed
     * process left are swept by the next collection.
     */
    @Override
    public Optional<Path> temporaryDirectory() {
        try {
            AtomicFiles.createDirectory(tmpDir());
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot create " + tmpDir(), e);
        }
        return Optional.of(tmpDir());
    }

    private Path tmpDir() {
        return metaDir.resolve("tmp");
    }

    @Override
    LayoutIndex readIndex() {
        try {
            return LayoutIndex.parse(ConfinedFiles.readAllBytes(root.resolve("index.json")));
        } catch (NoSuchFileException e) {
            return LayoutIndex.empty();
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot read " + root.resolve("index.json"), e);
        }
    }

    @Override
    void writeIndex(LayoutIndex index) {
        try {
            AtomicFiles.replace(root.resolve("index.json"), index.toJson(), tmpDir());
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot write " + root.resolve("index.json"), e);
        }
    }

    private Path metadataFile() {
        return metaDir.resolve("metadata.json");
    }

    @Override
    StoreMetadata readMetadata() {
        try {
            return StoreMetadata.parse(ConfinedFiles.readAllBytes(metadataFile()));
        } catch (NoSuchFileException | ConfinedFiles.RefusedEntryException e) {
            return StoreMetadata.empty(); // a link or FIFO in its place: verify reports it, repair replaces it
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot read " + metadataFile(), e);
        }
    }

    @Override
    boolean metadataUnreadable() {
        try {
            return ConfinedFiles.exists(metadataFile())
                    && !StoreMetadata.readable(ConfinedFiles.readAllBytes(metadataFile()));
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    void writeMetadata(StoreMetadata metadata) {
        try {
            AtomicFiles.replace(metadataFile(), metadata.toJson(), tmpDir());
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot write " + metadataFile(), e);
        }
    }

    @Override
    int removeTemporaries() {
        int n = 0;
        if (!ConfinedFiles.exists(tmpDir())) {
            return 0;
        }
        try (DirectoryStream<Path> ds = ConfinedFiles.list(tmpDir())) {
            for (Path p : ds) {
                // Only the temporaries AtomicFiles makes: a name the store did not create is not its to delete.
                if (AtomicFiles.isTemporaryName(p.getFileName().toString()) && ConfinedFiles.isRegularFile(p)
                        && ConfinedFiles.delete(p)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw ConfinedFiles.failure("cannot clean " + tmpDir(), e);
        }
        return n;
    }

    @Override
    public void close() {
        // Nothing is held between calls: locks are taken per operation and leases close themselves.
    }

    @Override
    public String toString() {
        return "FileImageStore[" + root + "]";
    }
}
