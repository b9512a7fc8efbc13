package dev.stowage.core.model;

/** The one comparison of received content against its announced digest and size. */
final class Verification {
    private Verification() {
    }

    static void check(Digest expected, long expectedSize, Digest actual, long actualSize) {
        if (!expected.equals(actual) || (expectedSize >= 0 && expectedSize != actualSize)) {
            throw new DigestMismatchException(expected, expectedSize, actual, actualSize);
        }
    }
}
