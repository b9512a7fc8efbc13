package dev.stowage.core.model;

import dev.stowage.core.StowageException;

/**
 * Content did not match the digest or size it was announced with. Whatever was received is
 * discarded: nothing that fails this check is ever handed on as complete.
 */
public class DigestMismatchException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final Digest expected;
    private final Digest actual;
    private final long expectedSize;
    private final long actualSize;

    /**
     * @param expectedSize the announced size, or -1 when only the digest was announced
     * @param actual the digest of what was received, or null when the content was refused for
     *     running past {@code expectedSize} before it had all been digested
     */
    public DigestMismatchException(Digest expected, long expectedSize, Digest actual, long actualSize) {
        super(message(expected, expectedSize, actual, actualSize));
        this.expected = expected;
        this.actual = actual;
        this.expectedSize = expectedSize;
        this.actualSize = actualSize;
    }

    /**
     * The one comparison of received content against its announced digest and size.
     *
     * @param expectedSize the announced size, or -1 to check the digest only
     * @throws DigestMismatchException if the digests differ, or the sizes do where one was announced
     */
    public static void check(Digest expected, long expectedSize, Digest actual, long actualSize) {
        if (!expected.equals(actual) || (expectedSize >= 0 && expectedSize != actualSize)) {
            throw new DigestMismatchException(expected, expectedSize, actual, actualSize);
        }
    }

    private static String message(Digest expected, long expectedSize, Digest actual, long actualSize) {
        if (expectedSize >= 0 && actualSize > expectedSize) {
            // the digest of a prefix cut at the overrun says nothing useful; the length is the news
            return "blob " + expected + " is longer than its descriptor (" + expectedSize + " bytes): received at least "
                    + actualSize + " bytes; the content was discarded";
        }
        String want = expected + (expectedSize >= 0 ? " (" + expectedSize + " bytes)" : "");
        return "content does not match its digest: expected " + want + ", got " + actual + " (" + actualSize
                + " bytes); the content was discarded";
    }

    public Digest expected() {
        return expected;
    }

    /** The digest of what was received, or null when it was refused for its length before the end. */
    public Digest actual() {
        return actual;
    }

    /** The announced size, or -1 when none was announced. */
    public long expectedSize() {
        return expectedSize;
    }

    public long actualSize() {
        return actualSize;
    }
}
