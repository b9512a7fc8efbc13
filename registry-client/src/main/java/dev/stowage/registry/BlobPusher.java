package dev.stowage.registry;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.BlobContent;
import dev.stowage.core.spi.BlobPush;
import java.util.Optional;

/**
 * Puts one blob into a repository: a cross-repository mount when a source repository on the
 * same registry is known, else (or when the mount is declined or denied) an upload. A declined
 * mount's session is used for the upload instead of opening a second one.
 */
final class BlobPusher {
    private final BlobMounter mounter;
    private final BlobUploader uploader;

    BlobPusher(BlobMounter mounter, BlobUploader uploader) {
        this.mounter = mounter;
        this.uploader = uploader;
    }

    BlobPush push(String registry, String repository, Digest digest, long size, BlobContent source,
            Optional<String> mountFrom, ProgressListener progress) {
        String location = null;
        BlobPush.Outcome outcome = BlobPush.Outcome.UPLOADED;
        if (mountFrom.isPresent() && !mountFrom.get().equals(repository)) {
            BlobMounter.Outcome mount = mounter.mount(registry, repository, digest, mountFrom.get(), progress);
            if (mount instanceof BlobMounter.Outcome.Mounted) {
                return new BlobPush(digest, BlobPush.Outcome.MOUNTED, 0);
            }
            if (mount instanceof BlobMounter.Outcome.Declined declined) {
                location = declined.location();
                outcome = BlobPush.Outcome.UPLOADED_MOUNT_DECLINED;
            } else {
                outcome = BlobPush.Outcome.UPLOADED_MOUNT_DENIED;
            }
        }
        long sent = location == null
                ? uploader.upload(registry, repository, digest, size, source, progress)
                : uploader.uploadInto(location, registry, repository, digest, size, source, progress);
        return new BlobPush(digest, outcome, sent);
    }
}
