package dev.stowage.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code stowage demo} printed, cut into its steps: each {@code ==> } header and the lines up to the next. */
final class DemoTranscript {
    private final Map<String, String> steps = new LinkedHashMap<>();

    DemoTranscript(String output) {
        String header = null;
        List<String> body = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("==> ")) {
                if (header != null) {
                    steps.put(header, String.join("\n", body).strip());
                }
                header = line.substring(4);
                body = new ArrayList<>();
            } else {
                body.add(line);
            }
        }
        if (header != null) {
            steps.put(header, String.join("\n", body).strip());
        }
    }

    List<String> headers() {
        return List.copyOf(steps.keySet());
    }

    /** The output of the step whose header starts with {@code narration}. */
    String step(String narration) {
        return steps.entrySet().stream().filter(e -> e.getKey().startsWith(narration)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no step \"" + narration + "\" in " + steps.keySet()));
    }

    /** The output of the step that runs {@code stowage COMMAND} (the first one, if several do). */
    String command(String command) {
        return steps.entrySet().stream().filter(e -> e.getKey().endsWith(": stowage " + command)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no step running stowage " + command + " in " + steps.keySet()));
    }
}
