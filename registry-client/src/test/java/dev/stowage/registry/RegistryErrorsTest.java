package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.core.DeniedException;
import dev.stowage.core.NotFoundException;
import dev.stowage.core.RegistryException;
import dev.stowage.core.StowageException;
import dev.stowage.core.UnauthorizedException;
import dev.stowage.core.UnsupportedException;
import dev.stowage.core.spi.RateLimit;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {
    private static final RegistryRequest PULL = RegistryRequest.of("reg.example:5000", "GET", "/v2/app/manifests/1",
            List.of(), "pulling manifest reg.example:5000/app:1");

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
    }

    private static StowageException error(int status, String body, boolean hadCredential) {
        return RegistryErrors.from(PULL, status, headers(Map.of()), body.getBytes(StandardCharsets.UTF_8), hadCredential);
    }

    @Test
    void unauthorizedWithoutCredentialSaysCredentialsAreNeededAndLeavesTheAdviceToTheApplication() {
        StowageException e = error(401, "", false);
        assertInstanceOf(UnauthorizedException.class, e);
        assertEquals("unauthorized: pulling manifest reg.example:5000/app:1 needs credentials for reg.example:5000",
                e.getMessage());
        assertEquals("reg.example:5000", ((UnauthorizedException) e).registry());
    }

    @Test
    void unauthorizedWithCredentialSaysItWasRejectedWhereverTheCredentialCameFrom() {
        StowageException e = error(401, "", true);
        assertEquals("unauthorized: reg.example:5000 rejected the credentials while pulling manifest reg.example:5000/app:1",
                e.getMessage());
    }

    @Test
    void registryErrorCodeAndMessageAreKept() {
        NotFoundException e = assertInstanceOf(NotFoundException.class,
                error(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}", false));
        assertEquals(Optional.of("MANIFEST_UNKNOWN"), e.errorCode());
        assertEquals("pulling manifest reg.example:5000/app:1 failed: manifest unknown (MANIFEST_UNKNOWN, HTTP 404)",
                e.getMessage());
    }

    @Test
    void deniedIsItsOwnType() {
        assertInstanceOf(DeniedException.class, error(403, "{\"errors\":[{\"code\":\"DENIED\"}]}", true));
    }

    @Test
    void unsupportedIsItsOwnType() {
        assertInstanceOf(UnsupportedException.class, error(405, "{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}", false));
    }

    @Test
    void otherFailuresKeepStatusAndCode() {
        StowageException failure = error(400, "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"bad\"}]}", false);
        assertEquals(RegistryException.class, failure.getClass());
        RegistryException e = (RegistryException) failure;
        assertEquals(400, e.statusCode());
        assertEquals(Optional.of("MANIFEST_INVALID"), e.errorCode());
    }

    @Test
    void retryAfterAcceptsSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RegistryErrors.retryAfter(headers(Map.of("Retry-After", "7")),
                Instant.EPOCH));
    }

    @Test
    void retryAfterAcceptsAnHttpDate() {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(60).atZone(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ofMinutes(1)),
                RegistryErrors.retryAfter(headers(Map.of("Retry-After", inAMinute)), now));
    }

    @Test
    void retryAfterThatIsNeitherIsIgnored() {
        assertEquals(Optional.empty(), RegistryErrors.retryAfter(headers(Map.of("Retry-After", "soon")),
                Instant.EPOCH));
    }

    @Test
    void dockerHubRateLimitHeadersAreRead() {
        assertEquals(Optional.of(new RateLimit(100, 0, Optional.of(Duration.ofSeconds(21600)))),
                RegistryErrors.rateLimit(headers(Map.of("ratelimit-limit", "100;w=21600", "ratelimit-remaining", "0;w=21600"))));
    }
}
