package dev.stowage.testkit.registry;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a blob a {@code Range} header asks for (RFC 9110 §14): one range,
 * {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}. A header this does not
 * understand, or several ranges, is ignored and the whole blob served, as the RFC allows.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /**
     * @return the range to serve, or null to serve the whole blob
     * @throws RegistryError 416 with {@code Content-Range: bytes *}{@code /size} if no byte of the blob is in range
     */
    static ByteRange of(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return null; // syntactically invalid: ignored
            }
            if (first >= size) {
                throw unsatisfiable(header, size);
            }
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            return new ByteRange(first, last);
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    private static RegistryError unsatisfiable(String header, long size) {
        return RegistryError.of(416, ErrorCode.SIZE_INVALID, "Range " + header + " asks for no byte of this "
                + size + "-byte blob").withHeaders(Map.of("Content-Range", "bytes */" + size));
    }
}
