package dev.stowage.cli;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.SafeText;
import dev.stowage.core.model.Digest;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress on a terminal: one live bar per blob in manifest order (on stderr, drawn by the
 * {@code progressbar} library), whose message says what happened to it ({@code Already exists},
 * {@code Pushed}, {@code Mounted from …}); the image's header line, and a pull's {@code Digest:},
 * go to {@code out}.
 */
final class TransferBars implements TransferDisplay {
    private static final long MEGABYTE = 1_000_000;

    private final Direction direction;
    private final PrintWriter out;
    private final Map<Digest, ProgressBar> bars = new ConcurrentHashMap<>();
    private String lastHeader;

    TransferBars(Direction direction, PrintWriter out) {
        this.direction = direction;
        this.out = out;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        if (event instanceof ProgressEvent.Resolving r) {
            String header = TransferLines.header(direction, r.reference());
            synchronized (out) {
                if (!header.equals(lastHeader)) {
                    out.println(SafeText.line(header));
                    out.flush();
                    lastHeader = header;
                }
            }
        } else if (event instanceof ProgressEvent.Planned p) {
            // one bar per blob drawn in manifest order, whatever order they finish in
            p.blobs().forEach(d -> bar(d, -1).setExtraMessage(direction == Direction.PUSH ? "Preparing" : "Pulling fs layer"));
        } else if (event instanceof ProgressEvent.ImageCopied c) {
            bars.values().forEach(ProgressBar::close); // a blob an earlier image moved has nothing more to show
            if (direction == Direction.PULL) {
                synchronized (out) {
                    out.println("Digest: " + c.digest());
                    out.flush();
                }
            }
        } else if (event instanceof ProgressEvent.Waiting w) {
            bar(w.digest(), -1).setExtraMessage("Waiting");
        } else if (event instanceof ProgressEvent.Downloading d) {
            step(d.digest(), d.bytes(), d.total(), "Downloading");
        } else if (event instanceof ProgressEvent.Uploading u) {
            step(u.digest(), u.bytes(), u.total(), "Pushing");
        } else if (event instanceof ProgressEvent.Verifying v) {
            bar(v.digest(), -1).setExtraMessage("Verifying Checksum");
        } else if (event instanceof ProgressEvent.Downloaded d) {
            finish(d.digest(), d.size(), direction == Direction.COPY ? "Copied" : "Pull complete");
        } else if (event instanceof ProgressEvent.Uploaded u) {
            finish(u.digest(), u.size(), direction == Direction.COPY ? "Copied" : "Pushed");
        } else if (event instanceof ProgressEvent.Exists e) {
            finish(e.digest(), 0, direction == Direction.PUSH ? "Layer already exists" : "Already exists");
        } else if (event instanceof ProgressEvent.Mounted m) {
            finish(m.digest(), 0, "Mounted from " + SafeText.line(m.fromRepository()));
        }
    }

    private ProgressBar bar(Digest digest, long total) {
        return bars.computeIfAbsent(digest, d -> new ProgressBarBuilder()
                .setTaskName(TransferDisplay.shortId(d))
                .setInitialMax(total)
                .setUnit("MB", MEGABYTE)
                .setUpdateIntervalMillis(100)
                .setMaxRenderedLength(120)
                .build());
    }

    private void step(Digest digest, long bytes, long total, String message) {
        ProgressBar bar = bar(digest, total);
        if (total >= 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.setExtraMessage(message);
        bar.stepTo(bytes);
    }

    private void finish(Digest digest, long size, String message) {
        ProgressBar bar = bar(digest, size);
        if (bar.getMax() < 0) {
            bar.maxHint(size);
        }
        bar.stepTo(Math.max(bar.getMax(), size));
        bar.setExtraMessage(message);
        bar.close();
    }

    @Override
    public void close() {
        bars.values().forEach(ProgressBar::close);
    }
}
