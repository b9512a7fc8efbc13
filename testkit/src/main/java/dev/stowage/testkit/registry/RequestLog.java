package dev.stowage.testkit.registry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The requests the registry served, for tests to assert on, and the same as text in a log file
 * for people: one access-log line per request in the combined format Distribution writes
 * ({@code 127.0.0.1 - - [date] "GET /v2/ HTTP/1.1" 200 2 "" "agent"}), and the stack trace of
 * any fault of the registry's own.
 */
final class RequestLog implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final List<Call> calls = new ArrayList<>();
    private final BufferedWriter file;

    RequestLog(Optional<Path> logFile) throws IOException {
        this.file = logFile.isPresent() ? Files.newBufferedWriter(logFile.get(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND) : null;
    }

    /**
     * Lists a request whose answer is beginning (its byte counts keep growing until it ends) and
     * writes its access line with the body length the answer announces.
     */
    void answering(Call call) {
        if (list(call)) {
            write(accessLine(call, call.announced()));
        }
    }

    /** The request ended: one never answered is listed and written now; an answer cut short gets a note. */
    void record(Call call) {
        if (list(call)) {
            write(accessLine(call, call.bytesOut()));
        } else if (call.bytesOut() < call.announced()) {
            write("answer to " + call.method() + " " + call.target() + " cut after " + call.bytesOut() + " of "
                    + call.announced() + " body bytes");
        }
    }

    private boolean list(Call call) {
        synchronized (calls) {
            if (call.listed) {
                return false;
            }
            call.listed = true;
            calls.add(call);
            return true;
        }
    }

    private static String accessLine(Call call, long bytes) {
        return "127.0.0.1 - - [" + DATE.format(ZonedDateTime.now()) + "] \"" + call.method() + " " + call.target()
                + " HTTP/1.1\" " + (call.status() < 0 ? "-" : call.status()) + " " + bytes + " \"\" \""
                + Optional.ofNullable(call.header("User-Agent")).orElse("") + "\"";
    }

    void fault(Call call, RuntimeException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        write("registry fault serving " + call.method() + " " + call.target() + ": " + trace);
    }

    List<RecordedRequest> requests() {
        synchronized (calls) {
            return calls.stream().map(Call::snapshot).toList();
        }
    }

    void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }

    private void write(String line) {
        if (file == null) {
            return;
        }
        synchronized (file) {
            try {
                file.write(line);
                file.newLine();
                file.flush();
            } catch (IOException e) {
                // the log file is for people; a test's assertions read the list
            }
        }
    }

    @Override
    public void close() {
        if (file != null) {
            synchronized (file) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // nothing left to write
                }
            }
        }
    }
}
