package dev.stowage.registry;

import dev.stowage.core.ProgressListener;
import dev.stowage.registry.auth.Scope;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request of a protocol step, before scheme, authorization and redirects are decided.
 *
 * @param target a path starting with {@code /v2/}, or an absolute URL the registry handed out
 *     (an upload location)
 * @param body a fresh publisher per attempt, or null for none
 * @param idempotent whether a failure may be retried by sending it again
 * @param action what is being done, for messages: {@code pulling manifest 127.0.0.1:5000/app:1}
 */
record RegistryRequest(String registry, String method, String target, Map<String, String> headers,
        Supplier<HttpRequest.BodyPublisher> body, List<Scope> scopes, boolean idempotent, String action,
        ProgressListener progress) {

    RegistryRequest {
        headers = Map.copyOf(headers);
        scopes = List.copyOf(scopes);
    }

    static RegistryRequest of(String registry, String method, String target, List<Scope> scopes, String action) {
        boolean idempotent = !method.equals("POST") && !method.equals("PATCH");
        return new RegistryRequest(registry, method, target, Map.of(), null, scopes, idempotent, action,
                ProgressListener.NONE);
    }

    RegistryRequest header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RegistryRequest(registry, method, target, h, body, scopes, idempotent, action, progress);
    }

    RegistryRequest body(Supplier<HttpRequest.BodyPublisher> publisher) {
        return new RegistryRequest(registry, method, target, headers, publisher, scopes, idempotent, action, progress);
    }

    RegistryRequest idempotent(boolean value) {
        return new RegistryRequest(registry, method, target, headers, body, scopes, value, action, progress);
    }

    RegistryRequest progress(ProgressListener listener) {
        return new RegistryRequest(registry, method, target, headers, body, scopes, idempotent, action, listener);
    }

    /** For logs and events: method and target without its query, which may carry signatures. */
    String describe() {
        int q = target.indexOf('?');
        return method + " " + (target.startsWith("/") ? registry : "") + (q < 0 ? target : target.substring(0, q));
    }
}
