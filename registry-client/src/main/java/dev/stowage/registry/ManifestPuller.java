package dev.stowage.registry;

import dev.stowage.core.RegistryException;
import dev.stowage.core.UnsupportedException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidDigestException;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.core.model.MediaTypes;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<reference>} with every manifest type in {@code Accept}. The
 * bytes are kept as received and checked against the requested digest (or the registry's
 * {@code Docker-Content-Digest}), throwing {@code DigestMismatchException} when they differ;
 * manifests over 4 MiB are refused before they are read in full, and Docker schema 1 is refused.
 */
final class ManifestPuller {
    static final String ACCEPT = String.join(", ", MediaTypes.ACCEPT_ALL_MANIFESTS);

    private final HttpTransport transport;

    ManifestPuller(HttpTransport transport) {
        this.transport = transport;
    }

    RemoteManifest pull(String registry, String repository, String reference) {
        String name = registry + "/" + repository + (reference.contains(":") ? "@" : ":") + reference;
        RegistryRequest request = RegistryRequest.of(registry, "GET", Endpoints.manifest(repository, reference),
                List.of(Scope.pull(repository)), "pulling manifest " + name)
                .header("Accept", ACCEPT);
        record Answer(byte[] raw, Optional<String> contentType, HttpResponse<InputStream> response) {
        }
        Answer answer = transport.fetch(request, response -> {
            if (response.statusCode() != 200) {
                throw transport.error(request, response);
            }
            Optional<String> contentType = response.headers().firstValue("Content-Type");
            if (contentType.isPresent() && MediaTypes.isSchema1(contentType.get())) {
                throw new UnsupportedException(request.action() + " failed: it is a Docker schema 1 manifest, which "
                        + "Stowage does not read; push the image again with a current docker, podman or skopeo",
                        registry, 200, null);
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > ManifestDocument.MAX_BYTES) {
                throw tooLarge(request, announced + " bytes");
            }
            byte[] raw = response.body().readNBytes(ManifestDocument.MAX_BYTES + 1);
            if (raw.length > ManifestDocument.MAX_BYTES) {
                throw tooLarge(request, "more than " + ManifestDocument.MAX_BYTES + " bytes");
            }
            return new Answer(raw, contentType, response);
        });
        byte[] raw = answer.raw();
        Optional<String> contentType = answer.contentType();
        HttpResponse<InputStream> response = answer.response();
        verify(reference, response, raw);
        ManifestDocument document;
        try {
            document = ManifestDocument.parse(raw, contentType.orElse(null));
        } catch (InvalidManifestException e) {
            throw new InvalidManifestException(request.action() + ": " + e.getMessage(), e);
        }
        return new RemoteManifest(document, RegistryErrors.rateLimit(response.headers()));
    }

    private static RegistryException tooLarge(RegistryRequest request, String size) {
        return new UnsupportedException(request.action() + " failed: the manifest is " + size
                + ", over the 4 MiB limit", request.registry(), 200, null);
    }

    /** Checks the bytes as received against the digest asked for, else the one the registry announced. */
    private static void verify(String reference, HttpResponse<InputStream> response, byte[] raw) {
        Optional<Digest> requested = parse(reference);
        Optional<Digest> announced = response.headers().firstValue("Docker-Content-Digest").flatMap(ManifestPuller::parse);
        requested.or(() -> announced.filter(Digest::isVerifiable)).ifPresent(d -> d.verify(raw));
    }

    static Optional<Digest> parse(String value) {
        if (!value.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(value.strip()));
        } catch (InvalidDigestException e) {
            return Optional.empty();
        }
    }
}
