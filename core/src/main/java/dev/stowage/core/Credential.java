package dev.stowage.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A secret that proves who is asking a registry: a user name and password, or an identity
 * token (an OAuth2 refresh token, which docker stores under the user name {@code <token>}).
 *
 * <p>{@link #toString()} never shows the secret, so a credential may end up in a log line or an
 * exception message without leaking it.
 *
 * <pre>{@code
 * Credential c = Credential.basic("alice", password);
 * }</pre>
 */
public final class Credential {
    /** The user name docker's credential helpers use to mark an identity token. */
    public static final String TOKEN_USERNAME = "<token>";

    private final String username;
    private final String password;
    private final String identityToken;

    private Credential(String username, String password, String identityToken) {
        this.username = username;
        this.password = password;
        this.identityToken = identityToken;
    }

    /** A user name and password (or a personal access token used as a password). */
    public static Credential basic(String username, String password) {
        requireText(username, "username");
        Objects.requireNonNull(password, "password");
        return new Credential(username, password, null);
    }

    /** An OAuth2 refresh token, exchanged at the registry's token server for access tokens. */
    public static Credential identityToken(String token) {
        requireText(token, "identity token");
        return new Credential(TOKEN_USERNAME, null, token);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a credential needs a non-empty " + what);
        }
    }

    public String username() {
        return username;
    }

    /** The password; empty for an identity token. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The identity (refresh) token; empty for a user name and password. */
    public Optional<String> identityToken() {
        return Optional.ofNullable(identityToken);
    }

    public boolean isIdentityToken() {
        return identityToken != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential other && username.equals(other.username)
                && Objects.equals(password, other.password) && Objects.equals(identityToken, other.identityToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password, identityToken);
    }

    /** Names the kind of credential and the user, never the secret. */
    @Override
    public String toString() {
        return isIdentityToken() ? "Credential[identity token]" : "Credential[user " + username + ", password hidden]";
    }
}
