package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.DeniedException;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.RegistryException;
import dev.stowage.core.StowageException;
import dev.stowage.core.TooManyRequestsException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.UnsupportedException;
import dev.stowage.core.spi.RateLimit;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a registry's refusal ({@code {"errors":[{"code","message","detail"}]}} and the status)
 * into the typed exception a caller can act on, with a message that says what to do.
 */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Set<String> NOT_FOUND_CODES = Set.of("MANIFEST_UNKNOWN", "BLOB_UNKNOWN", "NAME_UNKNOWN",
            "BLOB_UPLOAD_UNKNOWN", "MANIFEST_BLOB_UNKNOWN");

    private RegistryErrors() {
    }

    /** Reads the error body (bounded), closes the response, and builds the exception. */
    static StowageException from(RegistryRequest request, HttpResponse<InputStream> response, boolean hadCredential) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        return from(request, response.statusCode(), response.headers(), body, hadCredential);
    }

    static StowageException from(RegistryRequest request, int status, HttpHeaders headers, byte[] body,
            boolean hadCredential) {
        String registry = request.registry();
        Optional<JsonNode> error = firstError(body);
        String code = error.map(e -> e.path("code").asText("")).filter(s -> !s.isEmpty()).orElse(null);
        String said = error.map(e -> e.path("message").asText("")).filter(s -> !s.isEmpty())
                .orElseGet(() -> "HTTP " + status);
        if (status == 401 || "UNAUTHORIZED".equals(code)) {
            // what to do about it is the application's to say (the command line says stowage login)
            String why = hadCredential
                    ? "unauthorized: " + registry + " rejected the credentials while " + request.action()
                    : "unauthorized: " + request.action() + " needs credentials for " + registry;
            return new UnauthorizedException(why, registry, status, code);
        }
        String suffix = " (" + (code == null ? "" : code + ", ") + "HTTP " + status + ")";
        String message = request.action() + " failed: " + said + suffix;
        if (status == 429 || "TOOMANYREQUESTS".equals(code)) {
            Optional<Duration> wait = retryAfter(headers, Instant.now());
            String limit = rateLimit(headers).map(r -> "; " + r).orElse("");
            return new TooManyRequestsException(request.action() + " failed: too many requests to " + registry
                    + wait.map(w -> ", retry after " + w.toSeconds() + " s").orElse("") + limit,
                    registry, code, wait.orElse(null));
        }
        if (status == 403 || "DENIED".equals(code)) {
            return new DeniedException(message + "; the account lacks permission", registry, status, code);
        }
        if (status == 404 || (code != null && NOT_FOUND_CODES.contains(code))) {
            return new NotFoundException(message, registry, status, code);
        }
        if (status == 405 || "UNSUPPORTED".equals(code)) {
            return new UnsupportedException(message, registry, status, code);
        }
        return new RegistryException(message, registry, status, code);
    }

    private static Optional<JsonNode> firstError(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode first = node == null ? null : node.path("errors").path(0);
            return first != null && first.isObject() ? Optional.of(first) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date (counted from {@code now}); empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(now, at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Docker Hub's {@code ratelimit-limit} / {@code ratelimit-remaining}, e.g. {@code 100;w=21600}. */
    static Optional<RateLimit> rateLimit(HttpHeaders headers) {
        Optional<String> limit = headers.firstValue("ratelimit-limit");
        Optional<String> remaining = headers.firstValue("ratelimit-remaining");
        if (limit.isEmpty() || remaining.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> l = leadingInt(limit.get());
        Optional<Integer> r = leadingInt(remaining.get());
        if (l.isEmpty() || r.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> window = Optional.empty();
        for (String part : limit.get().split(";")) {
            String p = part.strip();
            if (p.startsWith("w=") && p.substring(2).matches("\\d{1,9}")) {
                window = Optional.of(Duration.ofSeconds(Long.parseLong(p.substring(2))));
            }
        }
        return Optional.of(new RateLimit(l.get(), r.get(), window));
    }

    private static Optional<Integer> leadingInt(String value) {
        String head = value.split(";", 2)[0].strip();
        return head.matches("\\d{1,9}") ? Optional.of(Integer.parseInt(head)) : Optional.empty();
    }
}
