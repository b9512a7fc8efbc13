package dev.stowage.registry;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * {@code GET /v2/}: whether the registry speaks the distribution API and accepts the credential
 * in use. A challenge it answers with is learnt by the transport on the way.
 */
final class Ping {
    private final HttpTransport transport;

    Ping(HttpTransport transport) {
        this.transport = transport;
    }

    /** @throws dev.stowage.core.UnauthorizedException if the registry refuses the credential */
    void ping(String registry) {
        RegistryRequest request = RegistryRequest.of(registry, "GET", Endpoints.base(), List.of(),
                "logging in to " + registry);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 200) {
            throw transport.error(request, response);
        }
        HttpTransport.discard(response);
    }
}
