package dev.stowage.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Distribution registry's configuration as nested sections, addressed by dotted paths such
 * as {@code storage.delete.enabled}. It is written as JSON, which the registry's YAML parser reads.
 *
 * <pre>{@code
 * config.set("auth.htpasswd.realm", "test").set("auth.htpasswd.path", "/tmp/x/htpasswd");
 * }</pre>
 */
public final class ConfigTree {
    private final Map<String, Object> root = new LinkedHashMap<>();

    ConfigTree() {
    }

    /**
     * Sets a value (string, number, boolean, list or map), creating the sections on its path.
     *
     * @throws IllegalArgumentException if a section on the path already holds a plain value
     */
    public ConfigTree set(String dottedPath, Object value) {
        Objects.requireNonNull(dottedPath, "dottedPath");
        Objects.requireNonNull(value, "value");
        String[] keys = dottedPath.split("\\.", -1);
        Map<String, Object> section = root;
        for (int i = 0; i < keys.length - 1; i++) {
            section = childSection(section, keys[i], dottedPath);
        }
        section.put(requireKey(keys[keys.length - 1], dottedPath), value);
        return this;
    }

    Map<String, Object> asMap() {
        return Collections.unmodifiableMap(root);
    }

    private static Map<String, Object> childSection(Map<String, Object> parent, String key, String path) {
        Object existing = parent.get(requireKey(key, path));
        if (existing == null) {
            Map<String, Object> created = new LinkedHashMap<>();
            parent.put(key, created);
            return created;
        }
        Map<String, Object> section = asSection(existing);
        if (section == null) {
            throw new IllegalArgumentException("config path \"" + path + "\": \"" + key
                    + "\" holds a value, not a section");
        }
        return section;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asSection(Object value) {
        return value instanceof LinkedHashMap ? (Map<String, Object>) value : null;
    }

    private static String requireKey(String key, String path) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("config path \"" + path + "\": empty key");
        }
        return key;
    }
}
