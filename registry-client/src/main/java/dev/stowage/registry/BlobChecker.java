package dev.stowage.registry;

import dev.stowage.core.model.Digest;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalLong;

/** {@code HEAD /v2/<name>/blobs/<digest>}: whether the repository has a blob, and its size. */
final class BlobChecker {
    private final HttpTransport transport;

    BlobChecker(HttpTransport transport) {
        this.transport = transport;
    }

    /** The blob's size, or empty when the repository does not have it. */
    OptionalLong check(String registry, String repository, Digest digest) {
        RegistryRequest request = RegistryRequest.of(registry, "HEAD", Endpoints.blob(repository, digest),
                List.of(Scope.pull(repository)), "checking blob " + digest + " in " + registry + "/" + repository);
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status != 200 && status != 404) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
        if (status == 200) {
            return response.headers().firstValueAsLong("Content-Length");
        }
        return OptionalLong.empty();
    }
}
