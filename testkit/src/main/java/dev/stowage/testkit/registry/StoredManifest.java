package dev.stowage.testkit.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest as the registry keeps it: the exact bytes the client pushed, the media type it was
 * pushed as, and the facts the registry needs about it.
 *
 * @param blobs        the config and layers an image manifest names (not those with {@code urls})
 * @param children     the manifests an index names
 * @param subject      the manifest this one refers to (OCI 1.1 {@code subject})
 * @param artifactType its {@code artifactType}, or for an image manifest without one its
 *                     config's media type, as the referrers API reports it
 */
record StoredManifest(BlobDigest digest, String mediaType, byte[] raw, List<BlobDigest> blobs,
        List<BlobDigest> children, Optional<BlobDigest> subject, Optional<String> artifactType,
        Map<String, String> annotations) {
}
