package dev.stowage.core.transfer;

import dev.stowage.core.ProgressEvent;
import dev.stowage.core.ProgressListener;
import dev.stowage.core.model.Digest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The blob transfers of one copy: at most {@code parallelism} at once, each digest moved once
 * however many manifests or images of the copy name it. After the first failure, transfers not yet started are
 * skipped; those running finish, so no store ingest or upload outlives the operation.
 */
final class BlobTransfers<T> implements AutoCloseable {
    private final int parallelism;
    private final ProgressListener progress;
    private final ExecutorService executor;
    private final Map<Digest, CompletableFuture<T>> transfers = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    BlobTransfers(String operation, int parallelism, ProgressListener progress) {
        this.parallelism = parallelism;
        this.progress = progress;
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(parallelism, parallelism, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "stowage-" + operation + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /**
     * Starts moving {@code digest} unless this operation already moves it; returns the
     * transfer's outcome in both cases.
     */
    CompletableFuture<T> submit(ProgressEvent.Scope scope, Digest digest, Supplier<T> transfer) {
        return transfers.computeIfAbsent(digest, d -> {
            if (queued.incrementAndGet() > parallelism) {
                progress.onEvent(new ProgressEvent.Waiting(scope, d));
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    if (failure.get() != null) {
                        throw new CancellationException("skipped: another blob transfer failed");
                    }
                    return transfer.get();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                } finally {
                    queued.decrementAndGet();
                }
            }, executor);
        });
    }

    /**
     * Waits for every transfer submitted so far and returns their outcomes.
     *
     * @throws RuntimeException the first failure, as the transfer threw it
     */
    List<T> awaitAll() {
        List<CompletableFuture<T>> all = List.copyOf(transfers.values());
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException | CancellationException e) {
            RuntimeException first = failure.get();
            throw first != null ? first : e;
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    /** As {@link #awaitAll()}, each outcome under its digest. */
    Map<Digest, T> awaitAllByDigest() {
        awaitAll();
        Map<Digest, T> outcomes = new HashMap<>();
        transfers.forEach((digest, transfer) -> outcomes.put(digest, transfer.join()));
        return outcomes;
    }

    /** Waits for the transfers still running (after a failure elsewhere) and ends the threads. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
