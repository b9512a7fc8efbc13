package dev.stowage.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress's tar reader with the two bounds it lacks. A PAX extended header or a GNU long
 * name is read whole into memory before the entry it describes is returned, so one that claims
 * gigabytes would fill the heap: here such a header's data is refused past {@code headerLimit}
 * bytes. And the reader treats a file that simply stops as a complete archive: here the
 * end-of-archive marker (a zero record) is noted, so that a truncated tar can be told from one
 * that ends properly.
 */
final class TarScanner extends TarArchiveInputStream {
    private final long headerLimit;
    private boolean endMarker;

    TarScanner(InputStream in, long headerLimit) {
        super(in, StandardCharsets.UTF_8.name());
        this.headerLimit = headerLimit;
    }

    /** Whether the archive ended with its end-of-archive marker rather than where the file stopped. */
    boolean sawEndMarker() {
        return endMarker;
    }

    @Override
    protected boolean isEOFRecord(byte[] record) {
        boolean eof = super.isEOFRecord(record);
        if (eof && record != null) {
            endMarker = true;
        }
        return eof;
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        checkHeaderSize();
        return super.read(buf, offset, length);
    }

    private void checkHeaderSize() throws IOException {
        TarArchiveEntry entry = getCurrentEntry();
        if (entry != null && (entry.isPaxHeader() || entry.isGlobalPaxHeader() || entry.isGNULongNameEntry()
                || entry.isGNULongLinkEntry()) && entry.getSize() > headerLimit) {
            throw new HeaderTooLargeException(entry.getSize(), headerLimit);
        }
    }

    /** A PAX or GNU long-name header larger than the limit. */
    static final class HeaderTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        final long size;
        final long limit;

        HeaderTooLargeException(long size, long limit) {
            super("an extended header (PAX or GNU long name) of " + size + " bytes, more than the limit of " + limit);
            this.size = size;
            this.limit = limit;
        }
    }
}
