package dev.stowage.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class BodyStreamTest {

    /** Records what the stream asks of the client. */
    private static final class Subscription implements Flow.Subscription {
        final List<Long> requests = new ArrayList<>();
        boolean cancelled;

        @Override
        public void request(long n) {
            requests.add(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final BodyStream stream = new BodyStream(Duration.ofMinutes(1), Duration.ofMinutes(1));
    private final Subscription subscription = new Subscription();

    private static List<ByteBuffer> delivery(String... parts) {
        return Arrays.stream(parts).map(p -> ByteBuffer.wrap(p.getBytes())).toList();
    }

    @Test
    void asksForAWindowOfDeliveriesAtOnce() {
        stream.onSubscribe(subscription);

        assertEquals(List.of((long) BodyStream.WINDOW), subscription.requests);
    }

    @Test
    void oneReadDrainsEveryQueuedDeliveryThatFits() throws IOException {
        stream.onSubscribe(subscription);
        stream.onNext(delivery("ab", "cd"));
        stream.onNext(delivery("ef"));

        byte[] buf = new byte[10];
        int n = stream.read(buf, 0, buf.length);

        assertEquals(6, n);
        assertArrayEquals("abcdef".getBytes(), Arrays.copyOf(buf, n));
    }

    @Test
    void readStopsAtTheCallersLengthAndKeepsTheRest() throws IOException {
        stream.onSubscribe(subscription);
        stream.onNext(delivery("abcdef"));
        stream.onComplete();

        assertArrayEquals("abcd".getBytes(), stream.readNBytes(4));
        assertArrayEquals("ef".getBytes(), stream.readAllBytes());
        assertEquals(-1, stream.read());
    }

    @Test
    void asksForMoreOnceHalfTheWindowIsRead() throws IOException {
        stream.onSubscribe(subscription);
        for (int i = 0; i < BodyStream.WINDOW / 2; i++) {
            stream.onNext(delivery("x"));
        }

        stream.readNBytes(BodyStream.WINDOW / 2 - 1);
        assertEquals(1, subscription.requests.size());
        stream.onNext(delivery("y"));
        stream.readNBytes(2); // the last "x" and "y": the half-window's deliveries are all read

        assertEquals(List.of((long) BodyStream.WINDOW, (long) BodyStream.WINDOW / 2), subscription.requests);
    }

    @Test
    void emptyDeliveriesCountAgainstTheWindowAndEndOfBodyIsSeen() throws IOException {
        stream.onSubscribe(subscription);
        stream.onNext(List.of());
        stream.onNext(delivery(""));
        stream.onComplete();

        assertEquals(-1, stream.read(new byte[4], 0, 4));
    }

    @Test
    void failureComesAfterTheBytesThatArrivedBeforeIt() throws IOException {
        IOException reset = new IOException("connection reset");
        stream.onSubscribe(subscription);
        stream.onNext(delivery("abc"));
        stream.onError(reset);

        assertArrayEquals("abc".getBytes(), stream.readNBytes(3));
        assertSame(reset, assertThrows(IOException.class, stream::read));
    }

    @Test
    void closingBeforeTheEndCancelsTheTransfer() {
        stream.onSubscribe(subscription);
        stream.onNext(delivery("abc"));

        stream.close();

        assertTrue(subscription.cancelled);
        assertThrows(IOException.class, stream::read);
    }

    @Test
    void closingAfterTheEndCancelsNothing() throws IOException {
        stream.onSubscribe(subscription);
        stream.onNext(delivery("abc"));
        stream.onComplete();
        stream.readAllBytes();

        stream.close();

        assertEquals(false, subscription.cancelled);
    }

    @Test
    void readerWaitingForBytesWakesWhenTheBodyEnds() throws Exception {
        // Idle for a day before a read gives up: within the test, only the body's end can wake the reader.
        BodyStream body = new BodyStream(Duration.ofDays(1), Duration.ofDays(1));
        body.onSubscribe(subscription);
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                read.complete(body.readAllBytes());
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        }, "body-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            awaitWaitingForBytes(reader);
            assertFalse(read.isDone(), "the reader had nothing to read yet");

            assertTrue(BodyStream.WAKE_BATCH > 1, "one delivery alone must not wake the reader");
            body.onNext(delivery("z"));
            body.onComplete();

            byte[] bytes;
            try {
                bytes = read.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the end of the body did not wake the reader waiting for bytes", e);
            }
            assertArrayEquals("z".getBytes(), bytes);
        } finally {
            body.close(); // wakes a reader the end did not
            reader.join();
        }
    }

    /** Returns once {@code reader} is parked on a condition (the stream's) in a timed wait; fails if it never gets there. */
    private static void awaitWaitingForBytes(Thread reader) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reader.getState() != Thread.State.TIMED_WAITING
                || !(LockSupport.getBlocker(reader) instanceof AbstractQueuedSynchronizer.ConditionObject)) {
            if (!reader.isAlive() || System.nanoTime() - deadline > 0) {
                fail("the reader never waited for bytes: " + reader.getState());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // poll interval only: the state decides
        }
    }

    @Test
    void bodyThatStallsMidwayFailsTheReadOnceIdleForTheTimeout() throws IOException {
        BodyStream stalling = new BodyStream(Duration.ofMillis(50), Duration.ofMinutes(1));
        stalling.onSubscribe(subscription);
        stalling.onNext(delivery("abc"));

        assertArrayEquals("abc".getBytes(), stalling.readNBytes(3));
        HttpTimeoutException e = assertThrows(HttpTimeoutException.class, stalling::read);
        assertTrue(e.getMessage().contains("50 ms"), e.getMessage());
    }

    @Test
    void bodyStillArrivingAtItsDeadlineFailsTheRead() throws IOException {
        BodyStream late = new BodyStream(Duration.ofMinutes(1), Duration.ZERO);
        late.onSubscribe(subscription);
        late.onNext(delivery("abc"));

        HttpTimeoutException e = assertThrows(HttpTimeoutException.class, late::read);
        assertTrue(e.getMessage().contains("did not arrive within 0 ms"), e.getMessage());
    }

    @Test
    void streamedBodyHasNoDeadlineOnlyTheIdleTimeout() throws IOException {
        BodyStream blob = new BodyStream(Duration.ofMinutes(1), Duration.ZERO);
        blob.onSubscribe(subscription);
        blob.onNext(delivery("abc"));

        assertArrayEquals("abc".getBytes(), BodyStream.streaming(blob).readNBytes(3));
    }

    @Test
    void bodyThatArrivedWholeIsReadEvenAfterItsDeadline() throws IOException {
        BodyStream whole = new BodyStream(Duration.ofMinutes(1), Duration.ZERO);
        whole.onSubscribe(subscription);
        whole.onNext(delivery("abc"));
        whole.onComplete();

        assertArrayEquals("abc".getBytes(), whole.readAllBytes());
    }
}
