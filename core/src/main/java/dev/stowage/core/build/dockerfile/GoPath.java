package dev.stowage.core.build.dockerfile;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code path.Clean} and {@code path.Dir} for {@code /}-separated paths, which Dockerfile rules are written in. */
final class GoPath {
    private GoPath() {
    }

    /**
     * The shortest equivalent path: repeated slashes joined, {@code .} removed, {@code ..}
     * removing the element before it (at the root, nothing); {@code "."} for an empty result.
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** All but the last element, cleaned; {@code "."} when there is none. */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(slash < 0 ? "" : path.substring(0, slash + 1));
    }

    /** The last element; {@code "."} for an empty path, {@code "/"} for the root. */
    static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
