package dev.stowage.core;

/**
 * The registry knows who is asking and refuses: the account lacks permission for the repository
 * or action.
 */
public class DeniedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public DeniedException(String message, String registry, int statusCode, String errorCode) {
        super(message, registry, statusCode, errorCode);
    }
}
