package dev.stowage.registry;

import dev.stowage.core.RegistryException;
import dev.stowage.core.UnsupportedException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidDigestException;
import dev.stowage.core.spi.RemoteManifest;
import dev.stowage.registry.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<reference>} with every manifest type in {@code Accept}. The
 * bytes are kept as received and checked against the requested digest (or the registry's
 * {@code Docker-Content-Digest}); manifests over 4 MiB are refused before they are read in
 * full, and Docker schema 1 is refused. A mismatch throws {@code DigestMismatchException}.
 */
final class ManifestPuller {
    /** The distribution-spec's limit, which registries also enforce on push. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;

    private final HttpTransport transport;

    ManifestPuller(HttpTransport transport) {
        this.transport = transport;
    }

    RemoteManifest pull(String registry, String repository, String reference) {
        String name = registry + "/" + repository + (reference.contains(":") ? "@" : ":") + reference;
        RegistryRequest request = RegistryRequest.of(registry, "GET", Endpoints.manifest(repository, reference),
                List.of(Scope.pull(repository)), "pulling manifest " + name)
                .header("Accept", ManifestTypes.ACCEPT_HEADER);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 200) {
            throw transport.error(request, response);
        }
        long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced > MAX_MANIFEST_BYTES) {
            HttpTransport.discard(response);
            throw tooLarge(request, announced + " bytes");
        }
        byte[] raw;
        try (InputStream in = response.body()) {
            raw = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw new RegistryException(request.action() + " failed while reading: " + HttpTransport.describe(e),
                    registry, -1, null, e);
        }
        if (raw.length > MAX_MANIFEST_BYTES) {
            throw tooLarge(request, "more than " + MAX_MANIFEST_BYTES + " bytes");
        }
        String mediaType = ManifestTypes.fromHeader(response.headers().firstValue("Content-Type"))
                .filter(t -> !t.equals("application/json") && !t.equals("text/plain"))
                .or(() -> ManifestTypes.declared(raw))
                .orElseThrow(() -> new UnsupportedException(request.action()
                        + " failed: the registry did not say what kind of manifest it sent", registry, 200, null));
        if (ManifestTypes.isSchema1(mediaType, raw)) {
            throw new UnsupportedException(request.action() + " failed: it is a Docker schema 1 manifest, which "
                    + "Stowage does not accept; push the image again with a current client", registry, 200, null);
        }
        Digest digest = verify(reference, response, raw);
        return new RemoteManifest(digest, mediaType, raw, RegistryErrors.rateLimit(response.headers()));
    }

    private static RegistryException tooLarge(RegistryRequest request, String size) {
        return new UnsupportedException(request.action() + " failed: the manifest is " + size
                + ", over the " + (MAX_MANIFEST_BYTES >> 20) + " MiB limit", request.registry(), 200, null);
    }

    /** The digest of the bytes as received, checked against what was asked for and what the registry said. */
    private static Digest verify(String reference, HttpResponse<InputStream> response, byte[] raw) {
        Optional<Digest> requested = parse(reference);
        Optional<Digest> announced = response.headers().firstValue("Docker-Content-Digest").flatMap(ManifestPuller::parse);
        Digest expected = requested.or(() -> announced.filter(Digest::isVerifiable)).orElse(null);
        if (expected == null) {
            return Digest.sha256(raw);
        }
        expected.verify(raw);
        return expected;
    }

    private static Optional<Digest> parse(String value) {
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
