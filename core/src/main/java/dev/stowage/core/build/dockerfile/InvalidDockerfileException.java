package dev.stowage.core.build.dockerfile;

import java.util.Objects;

/**
 * A Dockerfile, its build context or its arguments cannot be built: a syntax error, an
 * unknown instruction or flag, a {@code RUN} (Stowage has no container runtime), a source
 * outside the context, an unknown stage… The message names the file, the line and the
 * instruction, compiler style: {@code Dockerfile:4: COPY ../x /app/: ../x is outside the build
 * context}. Thrown before anything is tagged.
 */
public class InvalidDockerfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String instruction;
    private final String problem;

    /**
     * @param line the line, from 1; 0 when the problem is not on a line
     * @param instruction the instruction as written, or {@code ""}
     */
    public InvalidDockerfileException(String file, int line, String instruction, String problem) {
        super(format(file, line, instruction, problem));
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.instruction = Objects.requireNonNull(instruction, "instruction");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    private static String format(String file, int line, String instruction, String problem) {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (!instruction.isEmpty()) {
            String shown = instruction.length() > 120 ? instruction.substring(0, 117) + "..." : instruction;
            s.append(shown).append(": ");
        }
        return s.append(problem).toString();
    }

    /** The Dockerfile's name as given (e.g. {@code Dockerfile}, {@code build/app.Dockerfile}). */
    public String file() {
        return file;
    }

    /** The line of the instruction, from 1; 0 when the problem concerns no line. */
    public int line() {
        return line;
    }

    /** The instruction as written, or {@code ""}. */
    public String instruction() {
        return instruction;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
