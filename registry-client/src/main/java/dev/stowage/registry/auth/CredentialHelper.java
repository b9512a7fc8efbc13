package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.Credential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a docker credential helper ({@code docker-credential-<name> get|store|erase}) with the
 * protocol's JSON on stdin and stdout, within a time limit. The helper is found in the given
 * directories (normally {@code PATH}), never through a shell.
 */
final class CredentialHelper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_OUTPUT = 1 << 20;

    private final String name;
    private final List<Path> searchPath;
    private final Duration timeout;

    CredentialHelper(String name, List<Path> searchPath, Duration timeout) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new CredentialStoreException("invalid credential helper name \"" + name
                    + "\": only letters, digits, '.', '_' and '-' are allowed");
        }
        this.name = name;
        this.searchPath = List.copyOf(searchPath);
        this.timeout = timeout;
    }

    String command() {
        return "docker-credential-" + name;
    }

    /** The stored credential for {@code serverUrl}, or empty when the helper has none. */
    Optional<Credential> get(String serverUrl) {
        Result r = run("get", serverUrl);
        if (r.exit != 0) {
            if (r.stdout.contains("credentials not found")) {
                return Optional.empty();
            }
            throw failure("get", r);
        }
        JsonNode node;
        try {
            node = JSON.readTree(r.stdout);
        } catch (IOException e) {
            throw new CredentialStoreException(command() + " get answered something that is not JSON");
        }
        String user = node == null ? "" : node.path("Username").asText("");
        String secret = node == null ? "" : node.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(user.equals(Credential.TOKEN_USERNAME) || user.isEmpty()
                ? Credential.identityToken(secret) : Credential.basic(user, secret));
    }

    void store(String serverUrl, Credential credential) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ServerURL", serverUrl);
        body.put("Username", credential.username());
        body.put("Secret", credential.isIdentityToken() ? credential.identityToken().orElseThrow()
                : credential.password().orElseThrow());
        Result r = run("store", body.toString());
        if (r.exit != 0) {
            throw failure("store", r);
        }
    }

    /** Erases the entry; an entry that does not exist is not an error. */
    void erase(String serverUrl) {
        Result r = run("erase", serverUrl);
        if (r.exit != 0 && !r.stdout.contains("credentials not found")) {
            throw failure("erase", r);
        }
    }

    private CredentialStoreException failure(String action, Result r) {
        String firstLine = r.stdout.strip().lines().findFirst().orElse("");
        if (firstLine.length() > 200) {
            firstLine = firstLine.substring(0, 200) + "…";
        }
        return new CredentialStoreException(command() + " " + action + " failed with exit code " + r.exit
                + (firstLine.isEmpty() ? "" : ": " + firstLine));
    }

    private Path executable() {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(command());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CredentialStoreException("credential helper " + command()
                + " is not installed (not found on PATH); install it or remove it from the docker config");
    }

    private record Result(int exit, String stdout) {
    }

    private Result run(String action, String stdin) {
        Process p;
        try {
            p = new ProcessBuilder(executable().toString(), action)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new CredentialStoreException("cannot run " + command() + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readLimited(p.getInputStream()));
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The helper may exit without reading its input; its exit code tells what happened.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new CredentialStoreException(command() + " " + action + " did not finish within "
                        + timeout.toSeconds() + " s and was stopped");
            }
            return new Result(p.exitValue(), out.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CredentialStoreException(command() + " " + action + " was interrupted", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new CredentialStoreException("cannot read the output of " + command() + " " + action, e);
        }
    }

    private static String readLimited(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buf.size() + n > MAX_OUTPUT) {
                    throw new IOException("output larger than " + MAX_OUTPUT + " bytes");
                }
                buf.write(chunk, 0, n);
            }
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
