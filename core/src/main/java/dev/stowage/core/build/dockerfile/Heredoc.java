package dev.stowage.core.build.dockerfile;

import java.util.Objects;

/**
 * A here-document of a {@code COPY}, {@code ADD} or {@code RUN} line ({@code <<EOF … EOF}).
 *
 * @param name the terminator word, which also names the file a {@code COPY <<NAME} writes
 * @param content the lines up to the terminator, each with its line end
 * @param expand whether variables in the content are expanded (the terminator word was not quoted)
 * @param chomp whether leading tabs are removed from each line ({@code <<-EOF})
 */
record Heredoc(String name, String content, boolean expand, boolean chomp) {
    Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    Heredoc withContent(String text) {
        return new Heredoc(name, text, expand, chomp);
    }

    /** The content as the file gets it: leading tabs removed from each line for {@code <<-}. */
    String body() {
        return chomp ? content.replaceAll("(?m)^\t+", "") : content;
    }
}
