package dev.stowage.registry.auth;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A token scope of the Distribution token protocol: {@code type:name:actions}, for example
 * {@code repository:team/app:pull,push} or {@code registry:catalog:*}.
 */
public record Scope(String type, String name, Set<String> actions) {

    public Scope {
        actions = Set.copyOf(new TreeSet<>(actions));
        if (type.isEmpty() || name.isEmpty() || actions.isEmpty()) {
            throw new IllegalArgumentException("a scope needs a type, a name and at least one action");
        }
    }

    /** Read access to a repository. */
    public static Scope pull(String repository) {
        return new Scope("repository", repository, Set.of("pull"));
    }

    /** Write access to a repository; pushing also reads, so this asks for both. */
    public static Scope push(String repository) {
        return new Scope("repository", repository, Set.of("pull", "push"));
    }

    /** Deleting from a repository. */
    public static Scope delete(String repository) {
        return new Scope("repository", repository, Set.of("delete"));
    }

    /** Listing the registry's repositories. */
    public static Scope catalog() {
        return new Scope("registry", "catalog", Set.of("*"));
    }

    /**
     * Parses one scope; the name may itself contain colons (a registry host with a port), so the
     * type ends at the first colon and the actions start after the last.
     *
     * @throws IllegalArgumentException if it lacks a part
     */
    public static Scope parse(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last == first) {
            throw new IllegalArgumentException("invalid token scope \"" + scope + "\": expected type:name:actions");
        }
        return new Scope(scope.substring(0, first), scope.substring(first + 1, last),
                Set.of(scope.substring(last + 1).split(",")));
    }

    /** Unions the actions of scopes on the same resource, so one token covers them all. */
    public static List<Scope> merge(Collection<Scope> scopes) {
        Map<String, Set<String>> byResource = new LinkedHashMap<>();
        for (Scope s : scopes) {
            byResource.computeIfAbsent(s.type + ":" + s.name, k -> new TreeSet<>()).addAll(s.actions);
        }
        return byResource.entrySet().stream()
                .map(e -> {
                    int colon = e.getKey().indexOf(':');
                    return new Scope(e.getKey().substring(0, colon), e.getKey().substring(colon + 1), e.getValue());
                })
                .sorted((a, b) -> a.toString().compareTo(b.toString()))
                .toList();
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", new TreeSet<>(actions));
    }
}
