package dev.stowage.core.build.dockerfile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Downloads what {@code ADD https://…} names. Core has no HTTP client (its module rule), so the
 * caller supplies one; the {@code stowage} command line does. The build verifies
 * {@code --checksum} itself.
 */
@FunctionalInterface
public interface RemoteFileFetcher {
    /** Refuses every download, naming what to do instead. */
    RemoteFileFetcher NONE = (url, target) -> {
        throw new IOException("this build has no HTTP client to download " + url + "; give the build one with "
                + "DockerfileBuild.remoteFiles(…), or download the file into the context and COPY it");
    };

    /**
     * Writes the body of a successful GET of {@code url} into {@code target} (a new, empty file),
     * streaming it.
     *
     * @throws IOException if the download fails or the server does not answer 200
     */
    void fetch(URI url, Path target) throws IOException;
}
