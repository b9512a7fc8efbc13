package dev.stowage.core;

import java.util.Objects;

/**
 * One line of what {@code docker rmi} and {@code docker image prune} report: a name removed
 * ({@code Untagged: nginx:1.21}) or an image deleted ({@code Deleted: sha256:…}).
 *
 * @param kind untagged or deleted
 * @param subject the familiar name untagged, or the ID of the image deleted
 */
public record Removal(Kind kind, String subject) {
    /** What happened to the subject. */
    public enum Kind {
        UNTAGGED("Untagged"),
        DELETED("Deleted");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public Removal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
    }

    /** The line docker's {@code rmi} prints: {@code Untagged: nginx:1.21}, {@code Deleted: sha256:…}. */
    @Override
    public String toString() {
        return kind.label + ": " + subject;
    }
}
