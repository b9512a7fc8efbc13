package dev.stowage.testkit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the {@link TokenServer} answered, as tests assert on it: which scopes a client
 * asked for in one go, and how it authenticated.
 *
 * @param method    {@code GET} (docker's token request) or {@code POST} (the OAuth2 form)
 * @param grantType the OAuth2 {@code grant_type} of a {@code POST} ({@code refresh_token} or
 *                  {@code password}); empty for a {@code GET}
 * @param account   the authenticated user; empty for an anonymous or refused request
 * @param scopes    the requested scopes, e.g. {@code repository:team/app:pull,push}, in request order
 * @param status    the HTTP status the server answered with
 */
public record TokenRequest(String method, Optional<String> grantType, Optional<String> account, List<String> scopes,
        int status) {

    public TokenRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(grantType, "grantType");
        Objects.requireNonNull(account, "account");
        scopes = List.copyOf(scopes);
    }
}
