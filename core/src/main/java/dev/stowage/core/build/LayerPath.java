package dev.stowage.core.build;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.StringJoiner;

/**
 * The rules for paths inside a layer. A path is relative to the layer root, written without
 * {@code ./}, empty components or a trailing slash ({@code usr/bin/app}); the root is {@code ""}.
 * Absolute paths and {@code ..} components are refused rather than resolved, so no input can
 * name a place outside the root.
 */
final class LayerPath {
    /**
     * Depth-first order, parents before children, siblings by the bytes of their UTF-8 names: the
     * order Go's {@code filepath.Walk} visits a tree in, and so the order of layers made by
     * docker and BuildKit. Comparing with {@code /} as the lowest byte gives exactly that.
     */
    static final Comparator<String> ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(rank(x[i]), rank(y[i]));
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private LayerPath() {
    }

    private static int rank(byte b) {
        return b == '/' ? -1 : Byte.toUnsignedInt(b);
    }

    /**
     * Normalises a path given for an entry: drops {@code .} and empty components.
     *
     * @throws InvalidLayerPathException if it is absolute, has a {@code ..} component or a NUL
     */
    static String normalize(String path) {
        if (path == null) {
            throw new InvalidLayerPathException("null", "a layer path is required");
        }
        if (path.indexOf('\0') >= 0) {
            throw new InvalidLayerPathException(path, "contains a NUL character");
        }
        if (path.startsWith("/")) {
            throw new InvalidLayerPathException(path, "is absolute; paths in a layer are relative to the "
                    + "layer root, e.g. app/run.sh for /app/run.sh in the container");
        }
        StringJoiner joined = new StringJoiner("/");
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new InvalidLayerPathException(path, "has a .. component; a layer path may not leave "
                        + "or climb within the layer root");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                joined.add(part);
            }
        }
        return joined.toString();
    }

    /** The parent of a normalised path; {@code ""} (the root) for a top-level one. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Joins a normalised directory and a normalised relative path. */
    static String join(String dir, String path) {
        return dir.isEmpty() ? path : path.isEmpty() ? dir : dir + "/" + path;
    }
}
