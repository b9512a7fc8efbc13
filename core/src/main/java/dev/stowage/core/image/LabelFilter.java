package dev.stowage.core.image;

import java.util.Map;

/** A {@code label=} filter: {@code key} matches when the label is set, {@code key=value} when it has that value. */
public record LabelFilter(String key, String value) {
    public static LabelFilter parse(String filter) {
        if (filter == null || filter.isEmpty() || filter.startsWith("=")) {
            throw new IllegalArgumentException("invalid label filter \"" + filter
                    + "\": give a label key, or key=value");
        }
        int eq = filter.indexOf('=');
        return eq < 0 ? new LabelFilter(filter, null) : new LabelFilter(filter.substring(0, eq), filter.substring(eq + 1));
    }

    public boolean matches(Map<String, String> labels) {
        return value == null ? labels.containsKey(key) : value.equals(labels.get(key));
    }

    @Override
    public String toString() {
        return value == null ? key : key + "=" + value;
    }
}
