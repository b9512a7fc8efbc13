package dev.stowage.core.build.dockerfile;

import java.util.Objects;

/**
 * One step of a Dockerfile build, as {@code docker build} numbers them: every instruction of the
 * stages the target needs, {@code FROM} included.
 *
 * @param number from 1
 * @param total the steps of the whole build
 * @param stage the stage's name, or its index when it has none
 * @param instruction the instruction as written (continuations joined)
 * @param line its line in the Dockerfile
 */
public record BuildStep(int number, int total, String stage, String instruction, int line) {
    public BuildStep {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(instruction, "instruction");
    }
}
