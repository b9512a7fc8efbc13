package dev.stowage.registry;

import dev.stowage.core.NotFoundException;
import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Descriptor;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.ImageIndex;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * The manifests that name a given manifest as their {@code subject} (signatures, SBOMs):
 * {@code GET /v2/<name>/referrers/<digest>}, or, on a registry without that API, the index
 * tagged {@code <alg>-<hex>} as the distribution-spec's fallback tag schema defines it.
 */
final class ReferrersLister {
    private final HttpTransport transport;
    private final ManifestPuller manifests;

    ReferrersLister(HttpTransport transport, ManifestPuller manifests) {
        this.transport = transport;
        this.manifests = manifests;
    }

    List<Descriptor> list(String registry, String repository, Digest subject, Optional<String> artifactType) {
        String target = Endpoints.referrers(repository, subject)
                + artifactType.map(t -> "?artifactType=" + Endpoints.query(t)).orElse("");
        RegistryRequest request = RegistryRequest.of(registry, "GET", target, List.of(Scope.pull(repository)),
                "listing referrers of " + registry + "/" + repository + "@" + subject)
                .header("Accept", MediaTypes.OCI_INDEX);
        Optional<List<Descriptor>> answered = transport.fetch(request, response -> {
            if (response.statusCode() == 200) {
                return Optional.of(read(request, response).manifests());
            } else if (response.statusCode() == 404) {
                return Optional.empty();
            }
            throw transport.error(request, response);
        });
        List<Descriptor> found = answered.isPresent() ? answered.get() : fallback(registry, repository, subject);
        return artifactType.map(t -> found.stream().filter(d -> d.artifactType().equals(Optional.of(t))).toList())
                .orElse(found);
    }

    private List<Descriptor> fallback(String registry, String repository, Digest subject) {
        String tag = subject.algorithm() + "-" + subject.hex();
        try {
            ManifestDocument doc = manifests.pull(registry, repository, tag.length() > 128 ? tag.substring(0, 128) : tag)
                    .document();
            return doc instanceof ImageIndex index ? index.manifests() : List.of();
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    /** @throws IOException if the body breaks off */
    private static ImageIndex read(RegistryRequest request, HttpResponse<InputStream> response) throws IOException {
        byte[] raw = response.body().readNBytes(ManifestDocument.MAX_BYTES + 1);
        if (raw.length > ManifestDocument.MAX_BYTES) {
            throw new RegistryException(request.action() + " failed: the answer is over 4 MiB",
                    request.registry(), 200, null);
        }
        try {
            if (ManifestDocument.parse(raw, MediaTypes.OCI_INDEX) instanceof ImageIndex index) {
                return index;
            }
        } catch (InvalidManifestException e) {
            throw new RegistryException(request.action() + " failed: " + e.getMessage(), request.registry(), 200, null, e);
        }
        throw new RegistryException(request.action() + " failed: the answer is not an image index",
                request.registry(), 200, null);
    }
}
