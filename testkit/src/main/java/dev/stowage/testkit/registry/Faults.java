package dev.stowage.testkit.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults the in-process registry injects on demand, for tests of a client's retries and
 * resumption: answer a request with an error status, break its connection in the middle of a
 * body, or make it slow. A rule names a {@link RequestKind} and either its n-th request (counted
 * from when the rule was added, 1 being the next one) or every request of that kind; the first
 * rule that applies to a request decides what happens to it.
 *
 * <pre>{@code
 * InProcessRegistry registry = …;
 * registry.faults().nth(2, RequestKind.UPLOAD_CHUNK).respond(503);       // the 2nd PATCH from now
 * registry.faults().nth(1, RequestKind.BLOB_GET).resetAfter(64 * 1024);  // cut the next blob download
 * registry.faults().every(RequestKind.MANIFEST_GET).delay(Duration.ofMillis(200));
 * registry.faults().clear();
 * }</pre>
 */
public final class Faults {
    /** What happens to a faulted request. */
    sealed interface Action {
        record Respond(int status, Map<String, String> headers) implements Action {
        }

        record Reset(long afterBytes) implements Action {
        }

        record Delay(Duration duration) implements Action {
        }
    }

    private static final class Rule {
        final RequestKind kind;
        final int nth; // 0: every request of the kind
        final Action action;
        int seen;

        Rule(RequestKind kind, int nth, Action action) {
            this.kind = kind;
            this.nth = nth;
            this.action = action;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    Faults() {
    }

    /** Selects the {@code n}-th request of {@code kind} from now on ({@code n} ≥ 1). */
    public Selection nth(int n, RequestKind kind) {
        if (n < 1) {
            throw new IllegalArgumentException("n counts requests from 1, got " + n);
        }
        return new Selection(Objects.requireNonNull(kind, "kind"), n);
    }

    /** Selects every request of {@code kind} from now on, until {@link #clear()}. */
    public Selection every(RequestKind kind) {
        return new Selection(Objects.requireNonNull(kind, "kind"), 0);
    }

    /** Removes every rule; requests are served normally again. */
    public synchronized void clear() {
        rules.clear();
    }

    /** Counts the request against every rule of its kind and returns the action of the first that fires. */
    synchronized Optional<Action> decide(RequestKind kind) {
        Action chosen = null;
        for (Rule rule : rules) {
            if (rule.kind != kind) {
                continue;
            }
            rule.seen++;
            if (chosen == null && (rule.nth == 0 || rule.seen == rule.nth)) {
                chosen = rule.action;
            }
        }
        rules.removeIf(rule -> rule.nth != 0 && rule.seen >= rule.nth);
        return Optional.ofNullable(chosen);
    }

    private synchronized void add(Rule rule) {
        rules.add(rule);
    }

    /** The requests a rule applies to; each method adds the rule. */
    public final class Selection {
        private final RequestKind kind;
        private final int nth;

        private Selection(RequestKind kind, int nth) {
            this.kind = kind;
            this.nth = nth;
        }

        /**
         * Answers with {@code status} and the distribution spec's error JSON for it
         * ({@code TOOMANYREQUESTS} for 429, {@code UNAUTHORIZED} for 401, {@code DENIED} for 403,
         * {@code UNKNOWN} otherwise), instead of serving the request.
         */
        public void respond(int status) {
            respond(status, Map.of());
        }

        /** As {@link #respond(int)}, with extra response headers such as {@code Retry-After}. */
        public void respond(int status, Map<String, String> headers) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an injected failure is a 4xx or 5xx status, got " + status);
            }
            add(new Rule(kind, nth, new Action.Respond(status, new LinkedHashMap<>(headers))));
        }

        /**
         * Closes the connection once {@code bytes} bytes of the body have passed: the request body
         * for requests that carry one ({@link RequestKind#UPLOAD_CHUNK}, {@link RequestKind#UPLOAD_COMPLETE},
         * {@link RequestKind#UPLOAD_SINGLE_POST}, {@link RequestKind#MANIFEST_PUT}; what arrived
         * before the cut is kept, as a registry keeps it), otherwise the response body. The request
         * is served normally up to the cut.
         */
        public void resetAfter(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
            }
            add(new Rule(kind, nth, new Action.Reset(bytes)));
        }

        /** Waits {@code duration} before serving the request. */
        public void delay(Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a delay must not be negative, got " + duration);
            }
            add(new Rule(kind, nth, new Action.Delay(duration)));
        }
    }
}
