package dev.stowage.core.build.dockerfile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction of a Dockerfile as parsed, before its meaning is checked: the keyword, its
 * {@code --flags}, its arguments split as the keyword's grammar says, and where it stands.
 *
 * @param keyword the instruction's name as written ({@code copy} or {@code COPY})
 * @param flags the leading {@code --name[=value]} words, as written
 * @param args the arguments: for {@code ENV} and {@code LABEL} triples of key, value and
 *     {@code "="} (or {@code ""} for the legacy {@code KEY value} form); for JSON forms the array's
 *     strings; for shell forms one string
 * @param json whether the arguments were written as a JSON array
 * @param heredocs the here-documents the line opens, in order
 * @param child for {@code ONBUILD}, the trigger instruction
 * @param original the whole logical line, continuations joined
 * @param startLine the line it starts on, from 1
 * @param endLine the line it ends on (continuations and here-documents included)
 */
record Instruction(String keyword, List<String> flags, List<String> args, boolean json, List<Heredoc> heredocs,
        Optional<Instruction> child, String original, int startLine, int endLine) {
    Instruction {
        Objects.requireNonNull(keyword, "keyword");
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        heredocs = List.copyOf(heredocs);
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(original, "original");
    }

    /** The keyword in upper case, as the reference writes it. */
    String name() {
        return keyword.toUpperCase(Locale.ROOT);
    }

    Instruction withHeredocs(List<Heredoc> docs, int lastLine) {
        return new Instruction(keyword, flags, args, json, docs, child, original, startLine, lastLine);
    }

    Instruction at(int start, int end) {
        return new Instruction(keyword, flags, args, json, heredocs,
                child.map(c -> c.at(start, end)), original, start, end);
    }
}
