package dev.stowage.store;

import dev.stowage.core.BlobNotFoundException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.VerifyReport;
import dev.stowage.core.spi.VerifyReport.Kind;
import dev.stowage.core.spi.VerifyReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a store: every blob matches its digest and is a regular file, every blob an image
 * references is present with the size its descriptor gives, every manifest parses, the metadata
 * is readable. Repair fixes what is safe to fix: a corrupt blob is deleted (a pull fetches it
 * again), unreadable metadata is rebuilt from the layout.
 */
final class StoreVerifier {
    private final StoreEngine store;

    StoreVerifier(StoreEngine store) {
        this.store = store;
    }

    VerifyReport verify(boolean repair) {
        BlobStorage blobs = store.blobs;
        // Hashing every blob takes long: done before the lock, so writers wait only for the checks below.
        Set<Digest> suspect = new TreeSet<>();
        for (Digest d : blobs.list()) {
            if (d.isVerifiable() && checkContent(d).isPresent()) {
                suspect.add(d);
            }
        }
        return store.lock.call(() -> {
            List<Problem> problems = new ArrayList<>();
            Set<Digest> stored = new TreeSet<>(blobs.list());
            Set<Digest> corrupt = new HashSet<>();
            Map<Digest, String> damaged = blobs.damaged();
            for (Map.Entry<Digest, String> e : damaged.entrySet()) {
                corrupt.add(e.getKey());
                problems.add(notABlob(e.getKey(), e.getValue(), repair));
            }
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
            Walk walk = new Walk(stored, corrupt, problems);
            for (LayoutIndex.Entry e : store.readIndex().entries()) {
                walk.descriptor(e.digest(), e.size(), e.refName().orElse("untagged image"));
                walk.image(e.digest());
            }
            if (store.metadataUnreadable()) {
                if (repair) {
                    store.writeMetadata(StoreMetadata.empty());
                }
                problems.add(new Problem(Kind.STALE_METADATA, "metadata", "Stowage's metadata cannot be read"
                        + (repair ? "; rebuilt from the layout" : "; repair rebuilds it from the layout"), repair));
            }
            return new VerifyReport(problems, stored.size() + damaged.size());
        });
    }

    /**
     * A link, FIFO or directory where a blob should be: never read (a link may point anywhere, a
     * FIFO would block); repair removes the entry itself, never what a link points to.
     */
    private Problem notABlob(Digest d, String kind, boolean repair) {
        String problem = "blob " + d + " is " + kind + ", not a regular file; the store never reads through it";
        if (!repair) {
            return new Problem(Kind.CORRUPT_BLOB, d.toString(), problem
                    + "; repair removes it (the entry itself, not what it points to)", false);
        }
        try {
            store.blobs.delete(d);
            return new Problem(Kind.CORRUPT_BLOB, d.toString(), problem
                    + "; removed (the entry itself, not what it points to), pull the image again", true);
        } catch (RuntimeException e) {
            return new Problem(Kind.CORRUPT_BLOB, d.toString(), problem + "; cannot remove it: " + e.getMessage(), false);
        }
    }

    /** The walk from the index through every stored manifest, each checked once. */
    private final class Walk {
        private final Set<Digest> stored;
        private final Set<Digest> corrupt;
        private final List<Problem> problems;
        private final Reachability graph = new Reachability(store::manifestBytes);
        private final Set<Digest> checked = new HashSet<>();

        Walk(Set<Digest> stored, Set<Digest> corrupt, List<Problem> problems) {
            this.stored = stored;
            this.corrupt = corrupt;
            this.problems = problems;
        }

        /** Checks the manifest {@code root} and what it references, unless done already, absent or corrupt. */
        void image(Digest root) {
            if (!checked.add(root) || !stored.contains(root) || corrupt.contains(root)) {
                return;
            }
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
                descriptor(link.digest(), link.size(), "referenced by " + root);
                if (link.manifest()) {
                    image(link.digest());
                }
            }
        }

        void descriptor(Digest d, long size, String context) {
            if (corrupt.contains(d)) {
                return; // reported already
            }
            if (!stored.contains(d)) {
                problems.add(new Problem(Kind.MISSING_BLOB, d.toString(), "blob " + d + " (" + context
                        + ") is missing; pull the image again", false));
            } else {
                long actual = store.blobs.size(d).orElse(-1);
                if (actual != size) {
                    problems.add(new Problem(Kind.CORRUPT_BLOB, d.toString(), "blob " + d + " (" + context + ") has "
                            + actual + " bytes but its descriptor says " + size, false));
                }
            }
        }
    }

    /** Re-digests a stored blob; describes the mismatch if there is one. */
    private Optional<String> checkContent(Digest d) {
        try (InputStream in = store.blobs.open(d)) {
            MessageDigest md = d.newMessageDigest();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                md.update(buf, 0, n);
            }
            Digest actual = Digest.of(d.algorithm(), HexFormat.of().formatHex(md.digest()));
            return actual.equals(d) ? Optional.empty() : Optional.of("has content with digest " + actual);
        } catch (BlobNotFoundException raced) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }
}
