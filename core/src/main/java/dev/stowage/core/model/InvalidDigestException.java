package dev.stowage.core.model;

/** A string that is not a valid digest, or a digest whose algorithm cannot be used as asked. */
public class InvalidDigestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDigestException(String message) {
        super(message);
    }
}
