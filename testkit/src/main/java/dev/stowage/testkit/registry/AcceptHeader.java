package dev.stowage.testkit.registry;

import java.util.List;
import java.util.Locale;

/**
 * Content negotiation for manifests (RFC 9110 §12.5.1): a stored manifest is served when the
 * request has no {@code Accept} header, or one listing its media type, {@code type/*} or
 * {@code *}{@code /*} with a non-zero {@code q}. Distribution 2.8 is stricter for OCI types (it
 * wants them listed by name); the spec leaves negotiation to HTTP.
 */
final class AcceptHeader {
    private AcceptHeader() {
    }

    static boolean accepts(List<String> acceptHeaders, String mediaType) {
        if (acceptHeaders == null || acceptHeaders.isEmpty()) {
            return true;
        }
        String type = mediaType.substring(0, mediaType.indexOf('/') + 1);
        boolean anyListed = false;
        for (String header : acceptHeaders) {
            for (String entry : header.split(",")) {
                String[] parts = entry.split(";");
                String range = parts[0].trim().toLowerCase(Locale.ROOT);
                if (range.isEmpty()) {
                    continue;
                }
                anyListed = true;
                if (isZeroQuality(parts)) {
                    continue;
                }
                if (range.equals(mediaType) || range.equals("*/*") || range.equals(type + "*")) {
                    return true;
                }
            }
        }
        return !anyListed;
    }

    private static boolean isZeroQuality(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) == 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
