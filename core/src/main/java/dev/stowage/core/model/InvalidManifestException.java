package dev.stowage.core.model;

/**
 * A manifest, index, descriptor or image config that is not valid. The message names the field
 * that is wrong and the rule it breaks, e.g. {@code invalid manifest: layers[2].size: must be a
 * non-negative integer}.
 */
public class InvalidManifestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
