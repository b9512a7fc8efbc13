package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * {@code DELETE /v2/<name>/manifests/<digest>}. The distribution API deletes by digest; deleting
 * a tag removes the manifest it points at, with every tag on it.
 */
final class ManifestDeleter {
    private final HttpTransport transport;

    ManifestDeleter(HttpTransport transport) {
        this.transport = transport;
    }

    void delete(String registry, String repository, Digest digest) {
        RegistryRequest request = RegistryRequest.of(registry, "DELETE", Endpoints.manifest(repository, digest.toString()),
                List.of(Scope.delete(repository)), "deleting manifest " + registry + "/" + repository + "@" + digest);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
    }
}
