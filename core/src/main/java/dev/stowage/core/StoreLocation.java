package dev.stowage.core;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the default store lives: {@code $STOWAGE_HOME} if set, else the platform's directory for
 * user data, as desktop tools place theirs: Linux and other Unixes {@code $XDG_DATA_HOME/stowage}
 * or {@code ~/.local/share/stowage} (a relative {@code XDG_DATA_HOME} is ignored, as the XDG
 * specification says), macOS {@code ~/Library/Application Support/stowage}, Windows
 * {@code %LOCALAPPDATA%\stowage}.
 */
final class StoreLocation {
    static final String HOME_VARIABLE = "STOWAGE_HOME";
    private static final String NAME = "stowage";

    private StoreLocation() {
    }

    static Path defaultDirectory() {
        return resolve(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", ""));
    }

    static Path resolve(Map<String, String> env, String osName, String userHome) {
        String home = env.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank()
                    ? Path.of(local, NAME)
                    : Path.of(userHome, "AppData", "Local", NAME);
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return Path.of(userHome, "Library", "Application Support", NAME);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, NAME);
        }
        return Path.of(userHome, ".local", "share", NAME);
    }
}
