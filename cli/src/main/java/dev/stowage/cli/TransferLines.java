package dev.stowage.cli;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.SafeText;
import dev.stowage.core.reference.ImageReference;
import java.io.PrintWriter;

/**
 * Progress as docker prints it when its output is not a terminal: one line per blob state
 * change ({@code 0123456789ab: Pull complete}), no byte counts.
 */
final class TransferLines implements TransferDisplay {
    private final Direction direction;
    private final PrintWriter out;
    private String lastHeader;

    TransferLines(Direction direction, PrintWriter out) {
        this.direction = direction;
        this.out = out;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        synchronized (out) {
            String line = line(event);
            if (line != null) {
                // a retry's reason and a mount's source repository are the registry's words
                out.println(SafeText.line(line));
                out.flush();
            }
        }
    }

    private String line(ProgressEvent event) {
        if (event instanceof ProgressEvent.Resolving r) {
            String header = header(direction, r.reference());
            // A push of every tag names its repository once, as docker does.
            if (header.equals(lastHeader)) {
                return null;
            }
            lastHeader = header;
            return header;
        } else if (event instanceof ProgressEvent.Waiting w) {
            return TransferDisplay.shortId(w.digest()) + ": Waiting";
        } else if (event instanceof ProgressEvent.Exists e) {
            return TransferDisplay.shortId(e.digest()) + (direction == Direction.PUSH ? ": Layer already exists" : ": Already exists");
        } else if (event instanceof ProgressEvent.Mounted m) {
            return TransferDisplay.shortId(m.digest()) + ": Mounted from " + m.fromRepository();
        } else if (event instanceof ProgressEvent.Downloaded d) {
            return TransferDisplay.shortId(d.digest()) + (direction == Direction.COPY ? ": Copied" : ": Pull complete");
        } else if (event instanceof ProgressEvent.Uploaded u) {
            return TransferDisplay.shortId(u.digest()) + (direction == Direction.COPY ? ": Copied" : ": Pushed");
        } else if (event instanceof ProgressEvent.Retrying r) {
            return "Retrying in " + r.delay().toMillis() / 1000.0 + " s (attempt " + r.attempt() + " failed: " + r.reason() + ")";
        }
        return null; // byte counts and verification: too many lines for a log
    }

    /** Docker's first line for an image: {@code 1.25: Pulling from library/nginx}, {@code The push refers to repository [...]}, {@code Copying SOURCE}. */
    static String header(Direction direction, String reference) {
        if (direction == Direction.COPY) {
            return "Copying " + reference;
        }
        ImageReference ref = ImageReference.parse(reference);
        if (direction == Direction.PUSH) {
            return "The push refers to repository [" + ref.name() + "]";
        }
        String what = ref.tag().orElseGet(() -> ref.digest().map(Object::toString).orElse(ImageReference.DEFAULT_TAG));
        return what + ": Pulling from " + ref.repository();
    }

    @Override
    public void close() {
        out.flush();
    }
}
