package dev.stowage.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The selector threads of the JDK's HTTP clients ({@code HttpClient-<id>-SelectorManager}), for
 * tests that check a client's {@code close()} really stops what it started.
 *
 * <pre>{@code
 * List<Thread> before = HttpClientThreads.selectors();
 * RegistryClient client = RegistryClient.builder().build();
 * client.checkBlob(repo, digest);
 * List<Thread> started = HttpClientThreads.startedSince(before);
 * client.close();
 * assertEquals(List.of(), HttpClientThreads.alive(started));
 * }</pre>
 */
public final class HttpClientThreads {
    private HttpClientThreads() {
    }

    /** The selector threads that exist now. */
    public static List<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .toList();
    }

    /** The selector threads that exist now and were not among {@code before}. */
    public static List<Thread> startedSince(List<Thread> before) {
        List<Thread> started = new ArrayList<>(selectors());
        started.removeAll(before);
        return started;
    }

    /** Those of {@code threads} still running. */
    public static List<Thread> alive(List<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).toList();
    }
}
