package dev.stowage.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Fresh key pairs made by Bouncy Castle for the kit's certificates and token signatures. The
 * provider is used directly, never registered with the JVM, so the kit changes nothing global.
 */
final class KeyPairs {
    static final Provider BC = new BouncyCastleProvider();

    private KeyPairs() {
    }

    /** An EC key pair on P-256, as ES256 signatures and modern TLS certificates use. */
    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle cannot make a P-256 key pair", e);
        }
    }

    /** A 2048-bit RSA key pair. */
    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BC);
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle cannot make an RSA key pair", e);
        }
    }
}
