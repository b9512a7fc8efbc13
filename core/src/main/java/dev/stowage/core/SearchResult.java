package dev.stowage.core;

import java.util.Objects;

/**
 * One repository a search found, with the fields of Docker Hub's search API
 * ({@code name}, {@code description}, {@code star_count}, {@code is_official},
 * {@code is_automated}). A registry searched through its catalog knows only names: the
 * description is empty, the stars 0 and the flags false.
 *
 * @param name what to pull: {@code nginx}, {@code bitnami/nginx} on Docker Hub; the name the
 *     registry gave, or {@code registry/repository} for a catalog match
 * @param automated Docker Hub's deprecated "automated build" flag
 */
public record SearchResult(String name, String description, int starCount, boolean official, boolean automated) {
    public SearchResult {
        Objects.requireNonNull(name, "name");
        description = Objects.requireNonNullElse(description, "");
    }
}
