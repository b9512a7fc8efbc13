package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import dev.stowage.core.spi.ManifestHead;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/manifests/<reference>} with every manifest type in {@code Accept}:
 * the digest a tag points at, without downloading the manifest.
 */
final class ManifestChecker {
    private final HttpTransport transport;
    private final ManifestPuller puller;

    ManifestChecker(HttpTransport transport, ManifestPuller puller) {
        this.transport = transport;
        this.puller = puller;
    }

    /**
     * @return the head, or empty when the registry has no such manifest. A registry that omits
     *     {@code Docker-Content-Digest} for a tag costs a GET, whose bytes give the digest.
     */
    Optional<ManifestHead> check(String registry, String repository, String reference) {
        RegistryRequest request = RegistryRequest.of(registry, "HEAD", Endpoints.manifest(repository, reference),
                List.of(Scope.pull(repository)), "checking manifest " + registry + "/" + repository + ":" + reference)
                .header("Accept", ManifestPuller.ACCEPT);
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status != 200 && status != 404) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
        if (status == 404) {
            return Optional.empty();
        }
        Optional<Digest> digest = response.headers().firstValue("Docker-Content-Digest").flatMap(ManifestPuller::parse)
                .or(() -> ManifestPuller.parse(reference));
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";", 2)[0].strip()).orElse("");
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (digest.isEmpty() || mediaType.isEmpty() || size < 0) {
            RemoteManifest full = puller.pull(registry, repository, reference);
            return Optional.of(new ManifestHead(full.digest(), full.mediaType(), full.size(), full.rateLimit()));
        }
        return Optional.of(new ManifestHead(digest.get(), mediaType, size, RegistryErrors.rateLimit(response.headers())));
    }
}
