package dev.stowage.testkit.registry;

import java.util.regex.Pattern;

/** The distribution spec's grammars for repository names and tags. */
final class Names {
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    private Names() {
    }

    static boolean isRepository(String name) {
        return REPOSITORY.matcher(name).matches();
    }

    static boolean isTag(String tag) {
        return TAG.matcher(tag).matches();
    }

    /** The name, or a 400 {@code NAME_INVALID} naming it. */
    static String requireRepository(String name) {
        if (!isRepository(name)) {
            throw RegistryError.of(400, ErrorCode.NAME_INVALID, "invalid repository name \"" + name
                    + "\": the spec allows lower-case letters, digits and single separators (. _ __ - /)",
                    java.util.Map.of("name", name));
        }
        return name;
    }
}
