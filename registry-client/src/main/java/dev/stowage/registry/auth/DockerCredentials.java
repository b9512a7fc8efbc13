package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.Credential;
import dev.stowage.core.spi.CredentialProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials kept the way docker keeps them, so a {@code docker login} works for Stowage and a
 * {@code stowage login} works for docker.
 *
 * <p>Reading, per registry: the {@code credHelpers} entry's helper, else the {@code credsStore}
 * helper, else {@code auths} in {@code config.json} ({@code auth} base64, {@code username} and
 * {@code password}, or {@code identitytoken}), else the containers {@code auth.json}
 * ({@code REGISTRY_AUTH_FILE}, or {@code $XDG_RUNTIME_DIR/containers/auth.json}).
 * Storing goes to the configured helper, else to {@code config.json}.
 *
 * <pre>{@code
 * DockerCredentials creds = DockerCredentials.fromEnvironment();
 * creds.store("registry.example.com", Credential.basic("alice", password));
 * RegistryClient client = RegistryClient.builder().credentials(creds).build();
 * }</pre>
 */
public final class DockerCredentials implements CredentialProvider {
    private static final Duration DEFAULT_HELPER_TIMEOUT = Duration.ofSeconds(30);

    private final Path configFile;
    private final List<Path> authFiles;
    private final List<Path> helperPath;
    private final Duration helperTimeout;

    private DockerCredentials(Builder b) {
        this.configFile = b.configDir.resolve("config.json");
        this.authFiles = List.copyOf(b.authFiles);
        this.helperPath = List.copyOf(b.helperPath);
        this.helperTimeout = b.helperTimeout;
    }

    /** Reads the locations from this process's environment and {@code user.home}. */
    public static DockerCredentials fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Reads the locations from the given environment: {@code DOCKER_CONFIG}, {@code REGISTRY_AUTH_FILE},
     * {@code XDG_RUNTIME_DIR}, {@code PATH} (for credential helpers).
     */
    public static DockerCredentials fromEnvironment(Map<String, String> env, Path home) {
        Builder b = builder();
        String dockerConfig = env.get("DOCKER_CONFIG");
        b.configDir(dockerConfig != null && !dockerConfig.isEmpty() ? Path.of(dockerConfig) : home.resolve(".docker"));
        String authFile = env.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isEmpty()) {
            b.authFile(Path.of(authFile));
        } else {
            String runtime = env.get("XDG_RUNTIME_DIR");
            if (runtime != null && !runtime.isEmpty()) {
                b.authFile(Path.of(runtime, "containers", "auth.json"));
            }
            b.authFile(home.resolve(".config/containers/auth.json"));
        }
        String path = env.getOrDefault("PATH", "");
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return b.helperPath(dirs).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code config.json} this reads and writes. */
    public Path configFile() {
        return configFile;
    }

    @Override
    public Optional<Credential> credentialFor(String registry) {
        ObjectNode config = DockerConfigFile.read(configFile);
        Optional<CredentialHelper> helper = helperFor(config, registry);
        if (helper.isPresent()) {
            return helper.get().get(RegistryKeys.storageKey(registry));
        }
        Optional<Credential> fromConfig = fromAuths(config, registry, configFile);
        if (fromConfig.isPresent()) {
            return fromConfig;
        }
        for (Path authFile : authFiles) {
            Optional<Credential> c = fromAuths(DockerConfigFile.read(authFile), registry, authFile);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /**
     * Stores {@code credential} for {@code registry} through the configured helper, else in
     * {@code config.json}. Does not check it against the registry; {@code RegistryClient.login}
     * does both.
     */
    public void store(String registry, Credential credential) {
        Objects.requireNonNull(credential, "credential");
        ObjectNode config = DockerConfigFile.read(configFile);
        String key = RegistryKeys.storageKey(registry);
        ObjectNode auths = config.withObjectProperty("auths");
        Optional<CredentialHelper> helper = helperFor(config, registry);
        ObjectNode entry = auths.get(key) instanceof ObjectNode existing ? existing : auths.putObject(key);
        entry.remove(List.of("auth", "username", "password", "identitytoken"));
        if (helper.isPresent()) {
            helper.get().store(key, credential);
            // docker keeps an empty entry so the registry is listed as logged in
        } else if (credential.isIdentityToken()) {
            entry.put("identitytoken", credential.identityToken().orElseThrow());
        } else {
            String pair = credential.username() + ":" + credential.password().orElseThrow();
            entry.put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        DockerConfigFile.write(configFile, config);
    }

    /**
     * Removes the credential for {@code registry} from the helper and from {@code config.json}.
     *
     * @return whether {@code config.json} had an entry for it
     */
    public boolean erase(String registry) {
        ObjectNode config = DockerConfigFile.read(configFile);
        helperFor(config, registry).ifPresent(h -> h.erase(RegistryKeys.storageKey(registry)));
        boolean removed = false;
        if (config.get("auths") instanceof ObjectNode auths) {
            for (Iterator<String> keys = auths.fieldNames(); keys.hasNext(); ) {
                if (RegistryKeys.matches(keys.next(), registry)) {
                    keys.remove();
                    removed = true;
                }
            }
        }
        if (removed) {
            DockerConfigFile.write(configFile, config);
        }
        return removed;
    }

    private Optional<CredentialHelper> helperFor(ObjectNode config, String registry) {
        if (config.get("credHelpers") instanceof ObjectNode helpers) {
            for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (RegistryKeys.matches(e.getKey(), registry) && e.getValue().isTextual()) {
                    return Optional.of(new CredentialHelper(e.getValue().asText(), helperPath, helperTimeout));
                }
            }
        }
        String store = config.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(new CredentialHelper(store, helperPath, helperTimeout));
    }

    private static Optional<Credential> fromAuths(ObjectNode config, String registry, Path file) {
        if (!(config.get("auths") instanceof ObjectNode auths)) {
            return Optional.empty();
        }
        JsonNode exact = auths.get(RegistryKeys.storageKey(registry));
        if (exact != null) {
            return decode(exact, RegistryKeys.storageKey(registry), file);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (RegistryKeys.matches(e.getKey(), registry)) {
                return decode(e.getValue(), e.getKey(), file);
            }
        }
        return Optional.empty();
    }

    private static Optional<Credential> decode(JsonNode entry, String key, Path file) {
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credential.identityToken(identityToken));
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new CredentialStoreException("cannot read " + file + ": auths[\"" + key
                        + "\"].auth is not valid base64");
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new CredentialStoreException("cannot read " + file + ": auths[\"" + key
                        + "\"].auth must encode user:password");
            }
            return Optional.of(Credential.basic(pair.substring(0, colon), pair.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (!user.isEmpty() && !password.isEmpty()) {
            return Optional.of(Credential.basic(user, password));
        }
        return Optional.empty();
    }

    /** Where credentials are read and written; every setting has the docker default. */
    public static final class Builder {
        private Path configDir = Path.of(System.getProperty("user.home"), ".docker");
        private final List<Path> authFiles = new ArrayList<>();
        private List<Path> helperPath = List.of();
        private Duration helperTimeout = DEFAULT_HELPER_TIMEOUT;

        private Builder() {
        }

        /** The directory holding {@code config.json} (docker's {@code DOCKER_CONFIG}). */
        public Builder configDir(Path dir) {
            this.configDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A containers {@code auth.json} read when {@code config.json} has no entry; repeatable, in order. */
        public Builder authFile(Path file) {
            authFiles.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** Directories searched for {@code docker-credential-*} helpers, in order. */
        public Builder helperPath(List<Path> dirs) {
            this.helperPath = List.copyOf(dirs);
            return this;
        }

        /** How long a credential helper may run before it is stopped. */
        public Builder helperTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("helper timeout must be positive, got " + timeout);
            }
            this.helperTimeout = timeout;
            return this;
        }

        public DockerCredentials build() {
            return new DockerCredentials(this);
        }
    }
}
