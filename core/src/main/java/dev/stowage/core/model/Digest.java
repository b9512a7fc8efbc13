package dev.stowage.core.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image-spec defines it: {@code algorithm ":" encoded}, for example
 * {@code sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b}.
 *
 * <p>Any grammar-valid digest parses, because valid documents may carry algorithms Stowage
 * cannot compute; {@link #isVerifiable()} tells whether content can be checked against it.
 * The registered algorithms ({@code sha256}, {@code sha512}, {@code blake3}, and {@code sha384}
 * as go-digest knows it) must have the exact lower-case hex length of their hash; {@code blake3}
 * digests parse but are not verifiable.
 *
 * <pre>{@code
 * Digest d = Digest.sha256(bytes);
 * Digest same = Digest.parse(d.toString());
 * }</pre>
 */
public final class Digest implements Comparable<Digest> {
    public static final String SHA256 = "sha256";
    public static final String SHA384 = "sha384";
    public static final String SHA512 = "sha512";
    /** Registered by image-spec and go-digest (64 lower-case hex), but not computed by the JDK. */
    static final String BLAKE3 = "blake3";

    private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    private final String algorithm;
    private final String hex;

    private Digest(String algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    /**
     * Parses {@code algorithm:encoded}.
     *
     * @throws InvalidDigestException naming what is wrong with the input
     */
    public static Digest parse(String value) {
        if (value == null) {
            throw new InvalidDigestException("invalid digest: null");
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new InvalidDigestException("invalid digest \"" + value + "\": expected algorithm:encoded, e.g. sha256:<64 hex>");
        }
        return of(value.substring(0, colon), value.substring(colon + 1), value);
    }

    /** Builds a digest from its two parts, with the same checks as {@link #parse(String)}. */
    public static Digest of(String algorithm, String encoded) {
        if (algorithm == null || encoded == null) {
            throw new InvalidDigestException("invalid digest: " + (algorithm == null ? "algorithm" : "encoded part")
                    + " is null");
        }
        return of(algorithm, encoded, algorithm + ":" + encoded);
    }

    /**
     * The digest a finished {@link MessageDigest} holds: calls its {@code digest()}, which
     * resets it, and formats the hash as lower-case hex, for content hashed as it streamed.
     *
     * <pre>{@code
     * MessageDigest md = wanted.newMessageDigest();
     * // md.update(chunk) for each chunk as it arrives, counting them into received
     * DigestMismatchException.check(wanted, size, Digest.of(wanted.algorithm(), md), received);
     * }</pre>
     *
     * @throws InvalidDigestException if the hash's length is not the one {@code algorithm} has
     */
    public static Digest of(String algorithm, MessageDigest finished) {
        return of(algorithm, HexFormat.of().formatHex(finished.digest()));
    }

    private static Digest of(String algorithm, String encoded, String input) {
        if (!isValidAlgorithm(algorithm)) {
            throw new InvalidDigestException("invalid digest \"" + input + "\": algorithm \"" + algorithm
                    + "\" must be lower-case letters and digits, separated by one of + . _ -");
        }
        if (!ENCODED.matcher(encoded).matches()) {
            throw new InvalidDigestException("invalid digest \"" + input
                    + "\": the encoded part must be non-empty and use only letters, digits, =, _ and -");
        }
        int expectedLength = hexLength(algorithm);
        if (expectedLength > 0) {
            if (!LOWER_HEX.matcher(encoded).matches()) {
                throw new InvalidDigestException("invalid digest \"" + input + "\": " + algorithm
                        + " must be encoded as lower-case hex");
            }
            if (encoded.length() != expectedLength) {
                throw new InvalidDigestException("invalid digest \"" + input + "\": " + algorithm + " needs "
                        + expectedLength + " hex characters, got " + encoded.length());
            }
        }
        return new Digest(algorithm, encoded);
    }

    /**
     * {@code [a-z0-9]+([+._-][a-z0-9]+)*}, checked by hand: a regex with a repeated group
     * recurses per repetition and overflows the stack on hostile input.
     */
    private static boolean isValidAlgorithm(String algorithm) {
        boolean previousWasSeparator = true; // the first character must not be a separator
        for (int i = 0; i < algorithm.length(); i++) {
            char c = algorithm.charAt(i);
            boolean component = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean separator = c == '+' || c == '.' || c == '_' || c == '-';
            if (!component && !(separator && !previousWasSeparator)) {
                return false;
            }
            previousWasSeparator = separator;
        }
        return !algorithm.isEmpty() && !previousWasSeparator;
    }

    /** The SHA-256 digest of {@code content}. */
    public static Digest sha256(byte[] content) {
        return compute(SHA256, content);
    }

    /** The SHA-512 digest of {@code content}. */
    public static Digest sha512(byte[] content) {
        return compute(SHA512, content);
    }

    private static Digest compute(String algorithm, byte[] content) {
        MessageDigest md = messageDigest(algorithm);
        md.update(content);
        return of(algorithm, md);
    }

    /** Digest of {@code content} with this digest's algorithm, for comparison against it. */
    public Digest recompute(byte[] content) {
        return compute(algorithm, content);
    }

    /**
     * Checks {@code content} against this digest.
     *
     * @throws DigestMismatchException if it does not match
     * @throws InvalidDigestException if this digest's algorithm cannot be computed
     */
    public void verify(byte[] content) {
        DigestMismatchException.check(this, -1, recompute(content), content.length);
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return messageDigest(algorithm);
    }

    static MessageDigest messageDigest(String algorithm) {
        String jdkName = switch (algorithm) {
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
            default -> throw new InvalidDigestException("digest algorithm \"" + algorithm
                    + "\" is not supported for verification (supported: sha256, sha384, sha512)");
        };
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jdkName, e);
        }
    }

    private static int hexLength(String algorithm) {
        return switch (algorithm) {
            case SHA256, BLAKE3 -> 64;
            case SHA384 -> 96;
            case SHA512 -> 128;
            default -> 0;
        };
    }

    /** Whether content can be verified against this digest (its algorithm is one Stowage computes). */
    public boolean isVerifiable() {
        return algorithm.equals(SHA256) || algorithm.equals(SHA384) || algorithm.equals(SHA512);
    }

    public String algorithm() {
        return algorithm;
    }

    /** The encoded part after the colon: lower-case hex for the registered algorithms. */
    public String hex() {
        return hex;
    }

    /** The first {@code n} characters of {@link #hex()}, as docker shows short image IDs. */
    public String shortHex(int n) {
        return hex.substring(0, Math.min(n, hex.length()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other && algorithm.equals(other.algorithm) && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + hex.hashCode();
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
