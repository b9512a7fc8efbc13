package dev.stowage.core;

/**
 * A feature needs an {@link OptionalDependency} the application does not have, e.g.
 * {@code zstd compression needs com.github.luben:zstd-jni on the class path: add it to the build}.
 */
public class MissingDependencyException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final transient OptionalDependency dependency;

    public MissingDependencyException(OptionalDependency dependency, String feature) {
        super(feature + " needs " + dependency.artifact() + " on the class path: add it to the build (Stowage "
                + "declares it optional)");
        this.dependency = dependency;
    }

    /** What is missing. */
    public OptionalDependency dependency() {
        return dependency;
    }
}
