package dev.stowage.testkit;

/** How {@link TlsMode} writes a client's private key: the PEM forms found in real {@code certs.d} directories. */
public enum ClientKeyFormat {
    /** {@code RSA PRIVATE KEY}, as {@code openssl genrsa -traditional} writes it. */
    RSA_PKCS1,
    /** {@code PRIVATE KEY} holding an RSA key. */
    RSA_PKCS8,
    /** {@code EC PRIVATE KEY}, as {@code openssl ecparam -genkey} writes it. */
    EC_SEC1,
    /** {@code PRIVATE KEY} holding an EC key. */
    EC_PKCS8;

    boolean isRsa() {
        return this == RSA_PKCS1 || this == RSA_PKCS8;
    }

    boolean isPkcs8() {
        return this == RSA_PKCS8 || this == EC_PKCS8;
    }
}
