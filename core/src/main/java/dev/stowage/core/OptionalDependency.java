package dev.stowage.core;

/**
 * A library Stowage uses for one feature only, left out of its required dependencies to keep an
 * application small (an application with core, registry client and file store needs about a
 * quarter of the bytes it would with them): add it to use the feature. A feature that needs one
 * checks for it first and, when it is missing, fails with a {@link MissingDependencyException}
 * naming the artifact, not with a {@code NoClassDefFoundError}.
 */
public enum OptionalDependency {
    /** zstd (de)compression: building zstd layers, reading zstd tars (7 MB of native libraries). */
    ZSTD_JNI("com.github.luben:zstd-jni", "com.github.luben.zstd.ZstdOutputStream"),
    /** PKCS#1 and SEC1 private keys in {@code certs.d} (PKCS#8 keys and certificates need nothing). */
    BOUNCY_CASTLE("org.bouncycastle:bcpkix-jdk18on", "org.bouncycastle.openssl.PEMParser");

    private final String artifact;
    private final String probeClass;

    OptionalDependency(String artifact, String probeClass) {
        this.artifact = artifact;
        this.probeClass = probeClass;
    }

    /** {@code groupId:artifactId}, as a build declares it. */
    public String artifact() {
        return artifact;
    }

    /** Whether it is on the class path (Stowage's own class loader's view). */
    public boolean isPresent() {
        try {
            Class.forName(probeClass, false, OptionalDependency.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * @param feature what needs it, for the message: {@code "zstd compression"}
     * @throws MissingDependencyException if it is not on the class path
     */
    public void require(String feature) {
        if (!isPresent()) {
            throw new MissingDependencyException(this, feature);
        }
    }
}
