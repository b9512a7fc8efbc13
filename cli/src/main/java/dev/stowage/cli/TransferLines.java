package dev.stowage.cli;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.SafeText;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress as docker prints it when its output is not a terminal, one line per blob with what
 * happened to it ({@code 0123456789ab: Pull complete}), and for a pull the image's
 * {@code Digest:} once it is complete. Blobs move in parallel and finish in any order; their
 * lines are printed in manifest order (each as soon as the blobs before it are done), so the same
 * pull or push prints the same lines every time. Byte counts and waits are for the terminal.
 */
final class TransferLines implements TransferDisplay {
    private final Direction direction;
    private final PrintWriter out;
    private String lastHeader;
    /** The blobs of the image being copied, in manifest order, and how far their lines are printed. */
    private List<Digest> order = List.of();
    private int printed;
    private final Map<Digest, String> done = new HashMap<>();

    TransferLines(Direction direction, PrintWriter out) {
        this.direction = direction;
        this.out = out;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        synchronized (out) {
            if (event instanceof ProgressEvent.Resolving r) {
                String header = header(direction, r.reference());
                // A push of every tag names its repository once, as docker does.
                if (!header.equals(lastHeader)) {
                    lastHeader = header;
                    print(header);
                }
            } else if (event instanceof ProgressEvent.Planned p) {
                flushAll();
                order = p.blobs();
                printed = 0;
            } else if (event instanceof ProgressEvent.ImageCopied c) {
                flushAll();
                if (direction == Direction.PULL) {
                    print("Digest: " + c.digest());
                }
            } else if (event instanceof ProgressEvent.Retrying r) {
                print("Retrying in " + r.delay().toMillis() / 1000.0 + " s (attempt " + r.attempt() + " failed: "
                        + r.reason() + ")");
            } else {
                Digest digest = outcomeOf(event);
                if (digest != null && order.contains(digest)) {
                    done.put(digest, TransferDisplay.shortId(digest) + ": " + outcome(event));
                    flushInOrder();
                } else if (digest != null) {
                    print(TransferDisplay.shortId(digest) + ": " + outcome(event)); // not announced: as it comes
                }
            }
        }
    }

    /** The blob an event ends, or null for events that do not end one. */
    private static Digest outcomeOf(ProgressEvent event) {
        if (event instanceof ProgressEvent.Exists e) {
            return e.digest();
        } else if (event instanceof ProgressEvent.Mounted m) {
            return m.digest();
        } else if (event instanceof ProgressEvent.Downloaded d) {
            return d.digest();
        } else if (event instanceof ProgressEvent.Uploaded u) {
            return u.digest();
        }
        return null;
    }

    private String outcome(ProgressEvent event) {
        if (event instanceof ProgressEvent.Exists) {
            return direction == Direction.PUSH ? "Layer already exists" : "Already exists";
        } else if (event instanceof ProgressEvent.Mounted m) {
            return "Mounted from " + m.fromRepository();
        } else if (event instanceof ProgressEvent.Downloaded) {
            return direction == Direction.COPY ? "Copied" : "Pull complete";
        }
        return direction == Direction.COPY ? "Copied" : "Pushed";
    }

    /** Prints the lines of the blobs done, up to the first in manifest order that is not. */
    private void flushInOrder() {
        while (printed < order.size() && done.containsKey(order.get(printed))) {
            print(done.remove(order.get(printed++)));
        }
    }

    /**
     * Prints every line still held, in manifest order: at the end of an image or of the
     * operation (a blob an earlier image of the operation moved has no line of its own).
     */
    private void flushAll() {
        for (; printed < order.size(); printed++) {
            String line = done.remove(order.get(printed));
            if (line != null) {
                print(line);
            }
        }
    }

    /** One line; a mount's source repository and a retry's reason are the registry's words. */
    private void print(String line) {
        out.println(SafeText.line(line));
        out.flush();
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
        synchronized (out) {
            flushAll();
            out.flush();
        }
    }
}
