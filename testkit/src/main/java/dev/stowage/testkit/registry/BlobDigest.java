package dev.stowage.testkit.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest as the registry checks it: {@code algorithm:hex} with an algorithm the OCI image
 * spec registers ({@code sha256}, {@code sha512}) and the hex of its length. The registry parses
 * digests itself rather than through Stowage's model, so that it judges what a client sends
 * independently of the client's own code.
 */
record BlobDigest(String algorithm, String hex) {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    /** Whether {@code text} has a digest's grammar at all (the algorithm may still be unknown). */
    static boolean looksLikeDigest(String text) {
        return SHAPE.matcher(text).matches();
    }

    /** The digest {@code text} names, if it is a well-formed sha256 or sha512 digest. */
    static Optional<BlobDigest> parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        String algorithm = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        boolean valid = algorithm.equals("sha256") ? SHA256.matcher(hex).matches()
                : algorithm.equals("sha512") && SHA512.matcher(hex).matches();
        return valid ? Optional.of(new BlobDigest(algorithm, hex)) : Optional.empty();
    }

    /** The digest of {@code content} with {@code algorithm}. */
    static BlobDigest of(String algorithm, byte[] content) {
        return finish(algorithm, hasher(algorithm).digest(content));
    }

    static BlobDigest finish(String algorithm, byte[] hash) {
        return new BlobDigest(algorithm, java.util.HexFormat.of().formatHex(hash));
    }

    /** A fresh hasher for {@code algorithm} ({@code sha256} or {@code sha512}). */
    static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
