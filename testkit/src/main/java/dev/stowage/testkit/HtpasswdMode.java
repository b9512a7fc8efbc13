package dev.stowage.testkit;

import dev.stowage.core.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Basic authentication against an htpasswd file holding one user, as {@code htpasswd -B} writes
 * it: a {@code $2y$} bcrypt hash made with Bouncy Castle. Made by {@link RegistryMode#htpasswd}.
 *
 * <pre>{@code
 * HtpasswdMode auth = RegistryMode.htpasswd("alice", "s3cret");
 * try (TestRegistry registry = TestRegistry.start(RegistryConfig.plain().withMode(auth))) {
 *     client.login(registry.host(), auth.credential(), credentials);
 * }
 * }</pre>
 */
public final class HtpasswdMode implements RegistryMode {
    /** The registry compares every request's password; a low cost keeps tests fast (htpasswd's own default is 5). */
    private static final int BCRYPT_COST = 5;
    /** The realm of the registry's {@code Basic} challenge. */
    static final String REALM = "stowage-test-registry";

    private final String username;
    private final String password;

    HtpasswdMode(String username, String password) {
        this.username = requireUsername(username);
        this.password = Objects.requireNonNull(password, "password");
        if (password.isEmpty() || password.length() > 72) {
            throw new IllegalArgumentException("an htpasswd password must have 1 to 72 characters (bcrypt's limit)");
        }
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The user's name and password, ready for a client. */
    public Credential credential() {
        return Credential.basic(username, password);
    }

    @Override
    public void configure(ConfigTree config, Path dir) throws IOException {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, username + ":" + bcrypt(password) + "\n", StandardCharsets.UTF_8);
        config.set("auth.htpasswd.realm", REALM).set("auth.htpasswd.path", file.toString());
    }

    static String bcrypt(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, BCRYPT_COST);
    }

    private static String requireUsername(String username) {
        if (username == null || username.isEmpty() || username.contains(":") || username.contains("\n")) {
            throw new IllegalArgumentException("an htpasswd user name must be non-empty without ':' or line breaks");
        }
        return username;
    }

    /** Names the user, never the password. */
    @Override
    public String toString() {
        return "htpasswd(" + username + ")";
    }
}
