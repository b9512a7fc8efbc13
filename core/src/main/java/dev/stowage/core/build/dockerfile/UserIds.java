package dev.stowage.core.build.dockerfile;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The numeric owner a {@code --chown} or {@code USER} gives ({@code user[:group]}): numbers as
 * they are, names looked up in the image's {@code /etc/passwd} and {@code /etc/group}. A user
 * given without a group gets its primary group from {@code /etc/passwd}, or, given by number,
 * the same number as group (the Dockerfile reference's rule).
 */
record UserIds(long uid, long gid) {
    private static final int MAX_FILE = 1024 * 1024;

    static final UserIds ROOT = new UserIds(0, 0);

    /** A spec that names no user of the image; the message says which. */
    static final class UnknownUserException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownUserException(String message) {
            super(message);
        }
    }

    static UserIds resolve(String spec, ParentView parent) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        Optional<String> group = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
        if (user.isEmpty()) {
            throw new UnknownUserException("\"" + spec + "\" names no user");
        }
        long uid;
        Optional<Long> primaryGroup;
        if (isNumber(user)) {
            uid = Long.parseLong(user);
            primaryGroup = Optional.empty();
        } else {
            String[] entry = lookup(parent, "/etc/passwd", user).orElseThrow(() -> new UnknownUserException(
                    "unable to find user " + user + ": no matching entries in the image's /etc/passwd"));
            uid = number(entry, 2, "/etc/passwd", user);
            primaryGroup = Optional.of(number(entry, 3, "/etc/passwd", user));
        }
        long gid;
        if (group.isPresent()) {
            String g = group.get();
            if (isNumber(g)) {
                gid = Long.parseLong(g);
            } else {
                String[] entry = lookup(parent, "/etc/group", g).orElseThrow(() -> new UnknownUserException(
                        "unable to find group " + g + ": no matching entries in the image's /etc/group"));
                gid = number(entry, 2, "/etc/group", g);
            }
        } else {
            gid = primaryGroup.orElse(uid);
        }
        return new UserIds(uid, gid);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Optional<String[]> lookup(ParentView parent, String file, String name) {
        Optional<byte[]> content = parent.read(file, MAX_FILE);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        for (String line : new String(content.get(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && fields[0].equals(name)) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    private static long number(String[] fields, int index, String file, String name) {
        if (fields.length <= index || !isNumber(fields[index].strip())) {
            throw new UnknownUserException("the entry of " + name + " in the image's " + file + " has no valid id");
        }
        return Long.parseLong(fields[index].strip());
    }
}
