package dev.stowage.registry;

import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Digest;
import dev.stowage.registry.auth.Scope;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Cross-repository mount, {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repo>}, with
 * one token for {@code pull} on the source and {@code pull,push} on the target.
 */
final class BlobMounter {
    private final HttpTransport transport;

    BlobMounter(HttpTransport transport) {
        this.transport = transport;
    }

    /** What the registry did with a mount request. */
    sealed interface Outcome {
        /** 201: the blob is now in the target repository. */
        record Mounted() implements Outcome {
        }

        /** 202: declined, and an upload session was opened at {@code location} instead. */
        record Declined(String location) implements Outcome {
        }

        /** 401 or 403: no access to the source repository. */
        record Denied(int status) implements Outcome {
        }
    }

    Outcome mount(String registry, String repository, Digest digest, String fromRepository,
            ProgressListener progress) {
        RegistryRequest request = RegistryRequest.of(registry, "POST", Endpoints.mount(repository, digest, fromRepository),
                List.of(Scope.push(repository), Scope.pull(fromRepository)),
                "mounting blob " + digest + " from " + fromRepository + " into " + registry + "/" + repository)
                .progress(progress);
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status == 201) {
            HttpTransport.discard(response);
            return new Outcome.Mounted();
        }
        if (status == 202) {
            HttpTransport.discard(response);
            return new Outcome.Declined(BlobUploader.location(request, response));
        }
        if (status == 401 || status == 403) {
            HttpTransport.discard(response);
            return new Outcome.Denied(status);
        }
        throw transport.error(request, response);
    }
}
