package dev.stowage.testkit.registry;

import java.util.List;
import java.util.Map;

/**
 * A request the registry refuses: the HTTP status and the distribution spec's error JSON, one
 * entry per problem (a manifest naming three unknown blobs gets three {@code MANIFEST_BLOB_UNKNOWN}s).
 */
final class RegistryError extends RuntimeException {
    /** One entry of the {@code errors} array; {@code detail} is null or anything Jackson writes. */
    record Entry(ErrorCode code, String message, Object detail) {
    }

    private final int status;
    private final List<Entry> entries;
    private final Map<String, String> headers;

    private RegistryError(int status, List<Entry> entries, Map<String, String> headers) {
        super(entries.get(0).code() + ": " + entries.get(0).message(), null, false, false);
        this.status = status;
        this.entries = List.copyOf(entries);
        this.headers = Map.copyOf(headers);
    }

    static RegistryError of(int status, ErrorCode code, String message) {
        return new RegistryError(status, List.of(new Entry(code, message, null)), Map.of());
    }

    static RegistryError of(int status, ErrorCode code, String message, Object detail) {
        return new RegistryError(status, List.of(new Entry(code, message, detail)), Map.of());
    }

    static RegistryError of(int status, List<Entry> entries) {
        return new RegistryError(status, entries, Map.of());
    }

    /** The same error with extra response headers ({@code WWW-Authenticate}, {@code Range}, …). */
    RegistryError withHeaders(Map<String, String> extra) {
        return new RegistryError(status, entries, extra);
    }

    int status() {
        return status;
    }

    List<Entry> entries() {
        return entries;
    }

    Map<String, String> headers() {
        return headers;
    }
}
