package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

/** {@code DELETE /v2/<name>/blobs/<digest>}; registries refuse it unless deletion is enabled. */
final class BlobDeleter {
    private final HttpTransport transport;

    BlobDeleter(HttpTransport transport) {
        this.transport = transport;
    }

    void delete(String registry, String repository, Digest digest) {
        RegistryRequest request = RegistryRequest.of(registry, "DELETE", Endpoints.blob(repository, digest),
                List.of(Scope.delete(repository)), "deleting blob " + digest + " from " + registry + "/" + repository);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
    }
}
