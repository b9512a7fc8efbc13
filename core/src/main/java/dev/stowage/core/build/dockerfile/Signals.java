package dev.stowage.core.build.dockerfile;

import java.util.Locale;
import java.util.Set;

/** The signals {@code STOPSIGNAL} accepts on Linux, as docker parses them: a number, or a name with or without {@code SIG}. */
final class Signals {
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "UNUSED", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
            "RTMIN", "RTMAX");

    private Signals() {
    }

    static boolean isValid(String signal) {
        if (!signal.isEmpty() && signal.length() <= 3 && signal.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(signal);
            return n >= 1 && n <= 64;
        }
        String name = signal.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (name.matches("RTMIN\\+([1-9]|1[0-5])") || name.matches("RTMAX-([1-9]|1[0-4])")) {
            return true;
        }
        return NAMES.contains(name);
    }
}
