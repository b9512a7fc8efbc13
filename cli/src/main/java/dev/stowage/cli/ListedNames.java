package dev.stowage.cli;

import dev.stowage.core.SafeText;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The names a registry lists for {@code ls} and {@code catalog}, kept only when they follow the
 * reference grammar. A name that breaks it cannot be pulled by that name, and from a hostile
 * registry it may carry escape sequences or line breaks meant for the terminal; so it is not
 * printed, and one warning line on stderr says how many were dropped and why the first was.
 */
final class ListedNames {
    private final PrintWriter err;

    /** @param err where the warning goes */
    ListedNames(PrintWriter err) {
        this.err = err;
    }

    /** The tags of {@code repository} that are valid tags, in the registry's order. */
    List<String> tags(ImageReference repository, List<String> tags) {
        return valid(tags, "tags listed for " + repository.name(), tag -> {
            try {
                repository.withTag(tag);
                return Optional.empty();
            } catch (InvalidReferenceException e) {
                return Optional.of(e.getMessage());
            }
        });
    }

    /** The repositories of {@code registry} whose names are valid repository paths, in the registry's order. */
    List<String> repositories(String registry, List<String> names) {
        return valid(names, "repositories listed by " + registry, name -> {
            try {
                ImageReference parsed = ImageReference.parse(registry + "/" + name);
                // Docker Hub puts one-component names under library/; nothing else may change the name.
                boolean same = parsed.tag().isEmpty() && parsed.digest().isEmpty() && parsed.registry().equals(registry)
                        && (parsed.repository().equals(name) || parsed.repository().equals("library/" + name));
                return same ? Optional.empty() : Optional.of("\"" + name + "\" is not a repository name");
            } catch (InvalidReferenceException e) {
                return Optional.of(e.getMessage());
            }
        });
    }

    private List<String> valid(List<String> names, String what, Function<String, Optional<String>> problem) {
        List<String> kept = new ArrayList<>(names.size());
        String first = null;
        for (String name : names) {
            Optional<String> wrong = problem.apply(name);
            if (wrong.isEmpty()) {
                kept.add(name);
            } else if (first == null) {
                first = wrong.get();
            }
        }
        if (first != null) {
            err.println("stowage: warning: " + (names.size() - kept.size()) + " of " + names.size() + " " + what
                    + " break the reference grammar and are not shown; the first: " + SafeText.line(first));
            err.flush();
        }
        return kept;
    }
}
