package dev.stowage.testkit.registry;

import java.util.Objects;

/**
 * One request a test registry answered, as its request log holds it.
 *
 * @param kind              the endpoint it addressed
 * @param method            the HTTP method
 * @param target            path and query as sent, e.g. {@code /v2/team/app/blobs/uploads/?mount=…&from=…}
 * @param status            the status answered; -1 when the connection closed before an answer
 *                          (a client gone, or an injected reset during the request body)
 * @param requestBodyBytes  body bytes the registry read from the client (chunk framing not
 *                          counted); -1 where the registry cannot tell (Distribution's access log
 *                          does not record it: put a {@code CountingProxy} in front for that)
 * @param responseBodyBytes body bytes the registry wrote
 */
public record RecordedRequest(RequestKind kind, String method, String target, int status, long requestBodyBytes,
        long responseBodyBytes) {

    public RecordedRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
    }

    /** {@code METHOD target → status}, as logs print it. */
    @Override
    public String toString() {
        return method + " " + target + " → " + status + " (" + requestBodyBytes + " B in, " + responseBodyBytes
                + " B out)";
    }
}
