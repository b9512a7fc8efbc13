package dev.stowage.registry.auth;

import java.time.Instant;

/** An access token from a token server and the moment it stops being used. */
record BearerToken(String token, Instant expiresAt) {

    boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "BearerToken[hidden, expires " + expiresAt + "]";
    }
}
