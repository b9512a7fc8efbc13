package dev.stowage.core.build;

/**
 * A path given for a layer entry (or found in a tar added as a layer) that could place content
 * outside the layer root: it is absolute, has a {@code ..} component, goes through a symlink of
 * the same layer, or is otherwise not a plain relative path. The message names the path and the
 * rule it breaks.
 */
public class InvalidLayerPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public InvalidLayerPathException(String path, String rule) {
        super("invalid layer path \"" + path + "\": " + rule);
        this.path = path;
    }

    /** The offending path as it was given. */
    public String path() {
        return path;
    }
}
