package dev.stowage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.testkit.registry.AccessControl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The in-process registry's access control in the kit's auth modes, answering as Distribution
 * does: {@code 401 Basic} against htpasswd's one user, or {@code 401 Bearer} with the token
 * server's realm and the scopes a request needs, accepting only JWTs that server signed for this
 * service whose {@code access} claim grants those scopes.
 */
final class InProcessAccess {
    /** Clock skew tolerated on {@code exp} and {@code nbf}, as Distribution's token verifier allows. */
    private static final Duration LEEWAY = Duration.ofSeconds(60);

    private InProcessAccess() {
    }

    static AccessControl basic(HtpasswdMode mode) {
        String challenge = "Basic realm=\"" + HtpasswdMode.REALM + "\"";
        byte[] expected = (mode.username() + ":" + mode.password()).getBytes(StandardCharsets.UTF_8);
        return (authorization, needed) -> {
            Optional<byte[]> given = credentials(authorization, "Basic ").flatMap(InProcessAccess::base64);
            boolean valid = given.isPresent() && MessageDigest.isEqual(given.get(), expected);
            return valid ? Optional.empty()
                    : Optional.of(new AccessControl.Refusal(401, challenge, "authentication required"));
        };
    }

    static AccessControl bearer(TokenServer server) {
        return (authorization, needed) -> {
            Optional<String> token = credentials(authorization, "Bearer ");
            if (token.isEmpty()) {
                return refuse(server, needed, null);
            }
            Optional<JsonNode> claims = server.verify(token.get()).filter(InProcessAccess::current);
            if (claims.isEmpty()) {
                return refuse(server, needed, "invalid_token");
            }
            boolean granted = needed.stream().allMatch(scope -> grants(claims.get().path("access"), scope));
            return granted ? Optional.empty() : refuse(server, needed, "insufficient_scope");
        };
    }

    private static boolean current(JsonNode claims) {
        long now = Instant.now().getEpochSecond();
        JsonNode audience = claims.path("aud");
        boolean forUs = audience.isArray()
                ? java.util.stream.StreamSupport.stream(audience.spliterator(), false)
                        .anyMatch(a -> a.asText().equals(TokenServer.SERVICE))
                : audience.asText().equals(TokenServer.SERVICE);
        return forUs && claims.path("iss").asText().equals(TokenServer.ISSUER)
                && claims.path("exp").asLong(0) + LEEWAY.toSeconds() > now
                && claims.path("nbf").asLong(0) - LEEWAY.toSeconds() <= now;
    }

    /** Whether an {@code access} claim grants every action of {@code scope} ({@code *} grants all). */
    private static boolean grants(JsonNode access, AccessControl.Scope scope) {
        for (JsonNode entry : access) {
            if (!entry.path("type").asText().equals(scope.type()) || !entry.path("name").asText().equals(scope.name())) {
                continue;
            }
            List<String> actions = java.util.stream.StreamSupport.stream(entry.path("actions").spliterator(), false)
                    .map(JsonNode::asText).toList();
            if (actions.contains("*") || actions.containsAll(scope.actions())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<AccessControl.Refusal> refuse(TokenServer server, List<AccessControl.Scope> needed,
            String error) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"" + server.realm() + "\",service=\""
                + TokenServer.SERVICE + "\"");
        if (!needed.isEmpty()) {
            challenge.append(",scope=\"")
                    .append(needed.stream().map(AccessControl.Scope::toString).collect(Collectors.joining(" ")))
                    .append('"');
        }
        if (error != null) {
            challenge.append(",error=\"").append(error).append('"');
        }
        return Optional.of(new AccessControl.Refusal(401, challenge.toString(), "authentication required"));
    }

    private static Optional<String> credentials(String authorization, String scheme) {
        if (authorization == null || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(scheme.length()).strip());
    }

    private static Optional<byte[]> base64(String text) {
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
