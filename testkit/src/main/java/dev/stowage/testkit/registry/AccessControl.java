package dev.stowage.testkit.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may do what on the in-process registry: given a request's {@code Authorization} header and
 * the access it needs, either lets it through or says how to refuse it. The test kit's modes
 * make one each (anonymous, htpasswd's Basic, the token server's Bearer JWTs).
 */
@FunctionalInterface
public interface AccessControl {

    /** Lets everything through: the plain and TLS modes. */
    static AccessControl anonymous() {
        return (authorization, needed) -> Optional.empty();
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @param needed        what the request needs, e.g. {@code repository:team/app:pull,push};
     *                      empty for {@code GET /v2/}, which only needs a known client
     * @return empty to serve the request, or the refusal to answer it with
     */
    Optional<Refusal> check(String authorization, List<Scope> needed);

    /**
     * One resource and the actions a request needs on it, in the token protocol's form.
     *
     * @param type {@code repository} or {@code registry} (the catalog)
     */
    record Scope(String type, String name, List<String> actions) {
        public Scope {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            actions = List.copyOf(actions);
        }

        /** {@code repository:team/app:pull,push}. */
        @Override
        public String toString() {
            return type + ":" + name + ":" + String.join(",", actions);
        }
    }

    /**
     * How a request is refused.
     *
     * @param status    401 (no or bad credentials, too little access) or 403
     * @param challenge the {@code WWW-Authenticate} value; null for none
     * @param message   the error JSON's message ({@code UNAUTHORIZED} for 401, {@code DENIED} for 403)
     */
    record Refusal(int status, String challenge, String message) {
    }
}
