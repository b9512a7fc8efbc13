package dev.stowage.registry;

import dev.stowage.core.RegistryException;
import dev.stowage.core.model.Digest;
import dev.stowage.core.model.InvalidDigestException;
import dev.stowage.core.model.InvalidManifestException;
import dev.stowage.core.model.ManifestDocument;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT /v2/<name>/manifests/<tag or digest>} with the manifest's own media type. The digest
 * is computed once over the exact bytes sent, and checked against what the registry says it stored.
 */
final class ManifestPusher {
    private final HttpTransport transport;

    ManifestPusher(HttpTransport transport) {
        this.transport = transport;
    }

    /** @param tag where to store the manifest; without one it is stored by its digest */
    Digest push(String registry, String repository, Optional<String> tag, byte[] raw, String mediaType) {
        if (raw.length > ManifestDocument.MAX_BYTES) {
            throw new InvalidManifestException("manifest is " + raw.length + " bytes, over the "
                    + (ManifestDocument.MAX_BYTES >> 20) + " MiB limit registries enforce");
        }
        Digest digest = Digest.sha256(raw);
        String reference = tag.orElse(digest.toString());
        byte[] body = raw.clone();
        RegistryRequest request = RegistryRequest.of(registry, "PUT", Endpoints.manifest(repository, reference),
                List.of(Scope.push(repository)), "pushing manifest " + registry + "/" + repository
                        + (tag.isPresent() ? ":" : "@") + reference)
                .header("Content-Type", mediaType)
                .body(() -> HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 201) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
        String stored = response.headers().firstValue("Docker-Content-Digest").orElse(digest.toString()).strip();
        Digest registrySays;
        try {
            registrySays = Digest.parse(stored);
        } catch (InvalidDigestException e) {
            registrySays = digest;
        }
        if (registrySays.algorithm().equals(digest.algorithm()) && !registrySays.equals(digest)) {
            throw new RegistryException(request.action() + " failed: the registry stored it as " + registrySays
                    + " but its bytes are " + digest, registry, 201, null);
        }
        return digest;
    }
}
