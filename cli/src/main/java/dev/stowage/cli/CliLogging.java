package dev.stowage.cli;

import dev.stowage.core.SafeText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the library's log lines ({@code System.Logger}, backed by {@code java.util.logging}) go
 * on the command line: nothing below warnings normally, so output stays what each command
 * promises; with {@code -v}, Stowage's debug lines (requests, retries, tokens), one line each on
 * stderr.
 */
final class CliLogging {
    /**
     * Held here: java.util.logging keeps loggers only weakly, so a level set on one nobody holds
     * is lost when the garbage collector runs before the library's loggers are made (it did, once
     * reading registries.conf made start-up allocate more, and -v showed no requests).
     */
    private static final Logger STOWAGE = Logger.getLogger("dev.stowage");

    private CliLogging() {
    }

    static void configure(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        STOWAGE.setLevel(verbose ? Level.FINE : Level.WARNING);
    }

    /**
     * {@code stowage: LEVEL message}, and the stack trace when a record carries one. Messages
     * quote URLs, scopes and reasons a server gave, so they are escaped as every other line is.
     */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder("stowage: ").append(record.getLevel().getName().toLowerCase())
                    .append(' ').append(SafeText.line(formatMessage(record))).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                FailureHandler.printStackTrace(record.getThrown(), new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
