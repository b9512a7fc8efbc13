package dev.stowage.testkit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate and the private key of its public key: what a TLS server or client presents. */
record Identity(X509Certificate certificate, PrivateKey key) {
}
