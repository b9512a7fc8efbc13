package dev.stowage.registry.auth;

/**
 * How docker names a registry in {@code config.json}: Docker Hub as {@code https://index.docker.io/v1/},
 * others by {@code host[:port]}; older entries may carry a scheme or a path, which are ignored when
 * matching, as docker does.
 */
final class RegistryKeys {
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final String DOCKER_HUB = "docker.io";

    private RegistryKeys() {
    }

    /** The key a new entry for {@code registry} is written under. */
    static String storageKey(String registry) {
        return isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
    }

    /** Whether an existing key names {@code registry}. */
    static boolean matches(String key, String registry) {
        String host = hostOf(key);
        return isDockerHub(registry) ? isDockerHub(host) : host.equals(registry);
    }

    static boolean isDockerHub(String host) {
        return host.equals(DOCKER_HUB) || host.equals("index.docker.io") || host.equals("registry-1.docker.io");
    }

    private static String hostOf(String key) {
        String s = key;
        if (s.startsWith("http://")) {
            s = s.substring("http://".length());
        } else if (s.startsWith("https://")) {
            s = s.substring("https://".length());
        }
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }
}
