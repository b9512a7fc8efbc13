package dev.stowage.core.build.dockerfile;

/**
 * What a Dockerfile build reports as it goes, for a display such as {@code docker build}'s
 * ({@code Step 2/5 : COPY app.jar /app/}, {@code ---> Using cache}). Called on the building
 * thread; every method does nothing by default.
 */
public interface BuildProgress {
    /** Reports nothing. */
    BuildProgress NONE = new BuildProgress() {
    };

    /** A step starts. */
    default void step(BuildStep step) {
    }

    /** The step's layer was found in the build cache instead of being written. */
    default void cached(BuildStep step) {
    }

    /** Something the user should know that does not stop the build (an ignored directive, an unused build arg). */
    default void warning(String message) {
    }
}
