package dev.stowage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard input or output is a terminal, each on its own: {@link System#console()} says
 * only whether both are, and {@code save} must refuse a terminal on standard output even when
 * standard input is redirected, {@code load} one on standard input even when output is piped.
 * On Linux the answer is read from {@code /proc/self/fd}; elsewhere {@code System.console()} is
 * the best there is.
 */
final class Terminals {
    private Terminals() {
    }

    static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    private static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.isSymbolicLink(link)) {
            try {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException e) {
                return System.console() != null;
            }
        }
        return System.console() != null;
    }
}
