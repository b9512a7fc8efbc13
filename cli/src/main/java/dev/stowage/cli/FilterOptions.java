package dev.stowage.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code --filter key=value} options, read as docker reads them: split at the first {@code =}; {@code label!=x} is key {@code label!}. */
final class FilterOptions {
    record Filter(String key, String value) {
    }

    private FilterOptions() {
    }

    /**
     * @throws IllegalArgumentException if a filter has no {@code =} or a key not in {@code accepted}
     */
    static List<Filter> parse(List<String> filters, List<String> accepted) {
        List<Filter> parsed = new ArrayList<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad format of filter \"" + f + "\" (expected name=value)");
            }
            String key = f.substring(0, eq);
            if (!accepted.contains(key)) {
                throw new IllegalArgumentException("invalid filter '" + key + "'; accepted: " + String.join(", ", accepted));
            }
            parsed.add(new Filter(key, f.substring(eq + 1)));
        }
        return parsed;
    }

    static boolean bool(Filter f) {
        return switch (f.value()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("invalid filter '" + f.key() + "=" + f.value()
                    + "': the value must be true or false");
        };
    }
}
