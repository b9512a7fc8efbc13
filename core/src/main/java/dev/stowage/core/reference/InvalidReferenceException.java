package dev.stowage.core.reference;

/**
 * A string that is not a valid image reference, or a tag or digest that cannot be part of one.
 * The message quotes the input and names the offending part and the rule, for example
 * {@code invalid reference "docker/Docker": repository name must be lowercase}.
 */
public class InvalidReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidReferenceException(String message) {
        super(message);
    }
}
