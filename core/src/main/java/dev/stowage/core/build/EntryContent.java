package dev.stowage.core.build;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of a file entry come from. It is opened when the image is built (and once more
 * for each further build), so it must give the same bytes every time it is opened.
 *
 * <pre>{@code
 * layer.file("app/app.jar", Files.size(jar), () -> Files.newInputStream(jar), EntryAttributes.defaults());
 * }</pre>
 */
@FunctionalInterface
public interface EntryContent {
    /** Opens the content; the caller closes the stream. */
    InputStream open() throws IOException;
}
