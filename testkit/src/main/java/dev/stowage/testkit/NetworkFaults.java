package dev.stowage.testkit;

import dev.stowage.testkit.registry.RequestKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a {@link CountingProxy} injects into the traffic it carries, set per test while the
 * proxy runs, in front of any registry (the real Distribution registry included): a network that
 * resets connections every so many bytes or stalls in the middle of a body, and a front server
 * that answers some requests itself (503 bursts, 429 with {@code Retry-After}), closes a
 * connection before the answer's headers, or cuts a chunked answer short. A slow, dripping
 * network is {@link CountingProxy#throttleResponses}; a connection cut after a number of bytes,
 * {@link CountingProxy#cutResponsesAfter}.
 *
 * <pre>{@code
 * try (CountingProxy proxy = CountingProxy.to(registry.registry())) {
 *     proxy.faults().resetEvery(50_000_000);                                   // both directions
 *     proxy.faults().next(5, RequestKind.MANIFEST_GET).respond(503);
 *     proxy.faults().next(1, RequestKind.BLOB_GET).respond(429, Map.of("Retry-After", "2"));
 *     proxy.faults().next(1, RequestKind.TAGS_LIST).cutChunkedBody(100);
 *     proxy.faults().stallOnce(1 << 20, Duration.ofMinutes(10));
 *     …
 *     proxy.faults().clear();
 * }
 * }</pre>
 *
 * <p>Requests are told apart by {@link RequestKind}; a rule {@linkplain #next applies} to the
 * next {@code count} requests of its kind that arrive after it was added, and the first rule that
 * applies to a request decides what happens to it.
 */
public final class NetworkFaults {
    /** What happens to one request a rule selected. */
    sealed interface Action {
        /** The proxy answers {@code status} itself, the request never reaching the server. */
        record Respond(int status, Map<String, String> headers) implements Action {
        }

        /** The connection closes once the request's head has arrived, without an answer. */
        record CloseBeforeHeaders() implements Action {
        }

        /** The request goes through; a chunked answer is cut once {@code afterBytes} of its body passed. */
        record CutChunkedBody(long afterBytes) implements Action {
        }
    }

    private static final class Rule {
        final RequestKind kind;
        final Action action;
        int left;

        Rule(RequestKind kind, int count, Action action) {
            this.kind = kind;
            this.left = count;
            this.action = action;
        }
    }

    /** What a forward may pass before a fault strikes. */
    record Budget(int pass, boolean reset, Duration stall) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private long resetEvery = -1;
    private long sinceReset;
    private long resetOnceAfter = -1;
    private long stallAfter = -1;
    private Duration stall;

    NetworkFaults() {
    }

    /**
     * From now on, resets (TCP RST) the connection carrying the byte with which another
     * {@code bytes} bytes have passed through the proxy, counted over both directions and all
     * connections: a download and an upload are each broken every {@code bytes} bytes however
     * their requests are spread over connections. -1 stops.
     */
    public synchronized void resetEvery(long bytes) {
        if (bytes == 0 || bytes < -1) {
            throw new IllegalArgumentException("bytes must be -1 (no resets) or positive, got " + bytes);
        }
        resetEvery = bytes;
        sinceReset = 0;
    }

    /**
     * Resets (TCP RST) the connection carrying the byte with which {@code afterBytes} more bytes
     * have passed through the proxy, counted as {@link #resetEvery} counts, once.
     */
    public synchronized void resetOnce(long afterBytes) {
        if (afterBytes < 1) {
            throw new IllegalArgumentException("afterBytes must be positive, got " + afterBytes);
        }
        resetOnceAfter = afterBytes;
    }

    /**
     * Once {@code afterBytes} more bytes of answers have passed, holds the connection carrying
     * the next one for {@code duration} (or until the proxy closes), sending nothing and closing
     * nothing: the stall of a body in the middle that only a client's idle deadline ends.
     */
    public synchronized void stallOnce(long afterBytes, Duration duration) {
        if (afterBytes < 0) {
            throw new IllegalArgumentException("afterBytes must not be negative, got " + afterBytes);
        }
        Objects.requireNonNull(duration, "duration");
        stallAfter = afterBytes;
        stall = duration;
    }

    /** Selects the next {@code count} requests of {@code kind} from now on. */
    public Selection next(int count, RequestKind kind) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return new Selection(Objects.requireNonNull(kind, "kind"), count);
    }

    /** Removes every fault: traffic passes untouched again. */
    public synchronized void clear() {
        rules.clear();
        resetEvery = -1;
        resetOnceAfter = -1;
        stallAfter = -1;
        stall = null;
    }

    /** How many connections were reset by {@link #resetEvery}, since the proxy started. */
    public int resets() {
        return resets.get();
    }

    /** How many stalls {@link #stallOnce} caused, since the proxy started. */
    public int stalls() {
        return stalls.get();
    }

    /** Counts a request against the rules of its kind and returns the action of the first that applies. */
    synchronized Optional<Action> decide(String method, String target) {
        RequestKind kind = RequestKind.of(method, target);
        Optional<Rule> rule = rules.stream().filter(r -> r.kind == kind).findFirst();
        rule.ifPresent(r -> {
            if (--r.left == 0) {
                rules.remove(r);
            }
        });
        return rule.map(r -> r.action);
    }

    /**
     * How many of {@code n} bytes about to pass may go before a fault: all of them, or those
     * before a reset (then {@link Budget#reset}) or a stall (then {@link Budget#stall}).
     */
    synchronized Budget take(int n, boolean response) {
        int pass = n;
        boolean reset = false;
        if (resetEvery > 0 && sinceReset + n >= resetEvery) {
            pass = (int) (resetEvery - sinceReset);
            reset = true;
        }
        if (resetOnceAfter > 0 && resetOnceAfter <= pass) {
            pass = (int) resetOnceAfter;
            reset = true;
        }
        Duration stallNow = null;
        if (response && stallAfter >= 0 && stallAfter < pass) {
            pass = (int) stallAfter;
            reset = false;
            stallNow = stall;
            stallAfter = -1;
            stalls.incrementAndGet();
        } else if (response && stallAfter >= 0) {
            stallAfter -= pass;
        }
        if (resetOnceAfter > 0) {
            resetOnceAfter = reset && resetOnceAfter == pass ? -1 : resetOnceAfter - pass;
        }
        if (resetEvery > 0) {
            sinceReset = reset && sinceReset + pass >= resetEvery ? 0 : sinceReset + pass;
        }
        if (reset) {
            resets.incrementAndGet();
        }
        return new Budget(pass, reset, stallNow);
    }

    private synchronized void add(Rule rule) {
        rules.add(rule);
    }

    /** The requests a rule applies to; each method adds the rule. */
    public final class Selection {
        private final RequestKind kind;
        private final int count;

        private Selection(RequestKind kind, int count) {
            this.kind = kind;
            this.count = count;
        }

        /**
         * The proxy answers {@code status} with a distribution-spec error body ({@code TOOMANYREQUESTS}
         * for 429, {@code UNAVAILABLE} otherwise) and closes the connection; the request never
         * reaches the server.
         */
        public void respond(int status) {
            respond(status, Map.of());
        }

        /** As {@link #respond(int)}, with extra headers such as {@code Retry-After}. */
        public void respond(int status, Map<String, String> headers) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an injected answer is a 4xx or 5xx status, got " + status);
            }
            add(new Rule(kind, count, new Action.Respond(status, new LinkedHashMap<>(headers))));
        }

        /** The connection closes once the request's head has arrived: no answer, not even its headers. */
        public void closeBeforeHeaders() {
            add(new Rule(kind, count, new Action.CloseBeforeHeaders()));
        }

        /**
         * The request is served, but an answer sent with {@code Transfer-Encoding: chunked} is cut
         * once {@code afterBytes} bytes of its body (chunk framing included) have passed, before its
         * last chunk; an answer of a declared length passes untouched.
         */
        public void cutChunkedBody(long afterBytes) {
            if (afterBytes < 0) {
                throw new IllegalArgumentException("afterBytes must not be negative, got " + afterBytes);
            }
            add(new Rule(kind, count, new Action.CutChunkedBody(afterBytes)));
        }
    }
}
