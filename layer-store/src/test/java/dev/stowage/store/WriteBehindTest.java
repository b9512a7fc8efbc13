package dev.stowage.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindTest {
    private static final long STEP = 1024;

    @TempDir
    Path dir;

    @Test
    void startsNoFlushBeforeAStepIsWritten() throws IOException {
        try (ForceCountingChannel channel = new ForceCountingChannel(dir.resolve("blob"), null)) {
            WriteBehind writeBehind = new WriteBehind(channel, STEP);
            writeBehind.written(STEP - 1);
            writeBehind.await();
            assertEquals(List.of(), channel.forcingThreads);
        }
    }

    @Test
    void flushesOnAThreadOfItsOwnOnceAStepIsWritten() throws IOException {
        try (ForceCountingChannel channel = new ForceCountingChannel(dir.resolve("blob"), null)) {
            WriteBehind writeBehind = new WriteBehind(channel, STEP);
            writeBehind.written(STEP / 2);
            writeBehind.written(STEP / 2);
            writeBehind.await();
            assertEquals(1, channel.forcingThreads.size());
            assertNotEquals(Thread.currentThread(), channel.forcingThreads.get(0));
        }
    }

    @Test
    void startsNoSecondFlushWhileOneRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ForceCountingChannel channel = new ForceCountingChannel(dir.resolve("blob"), release)) {
            WriteBehind writeBehind = new WriteBehind(channel, STEP);
            writeBehind.written(STEP);
            assertTrue(channel.started.await(10, TimeUnit.SECONDS), "the first flush started");
            writeBehind.written(STEP);
            writeBehind.written(STEP);
            release.countDown();
            writeBehind.await();
            assertEquals(1, channel.forcingThreads.size());
        }
    }

    /** A real file's channel that records which threads forced it, and can hold a force until released. */
    private static final class ForceCountingChannel extends FileChannel {
        final List<Thread> forcingThreads = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        private final FileChannel file;
        private final CountDownLatch release;

        ForceCountingChannel(Path path, CountDownLatch release) throws IOException {
            this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.release = release;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forcingThreads.add(Thread.currentThread());
            started.countDown();
            if (release != null) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            file.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return file.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return file.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return file.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return file.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return file.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
