package dev.stowage.bench;

import java.nio.file.Path;

/**
 * The command line of the benchmark driver.
 *
 * @param launcher the {@code stowage} command to time (the repository's {@code ./stowage})
 * @param work where images, stores and OCI directories go (kept between runs: the images are built once)
 * @param only run only the operations whose name contains this (empty: all), while working on one of them
 * @param newerJava the home of a newer JDK to run the command line on as well (its rows beside the default's), or null
 * @param chart where to draw the table as an SVG picture, or null
 */
record BenchOptions(boolean quick, int runs, Path launcher, Path work, String only, Path newerJava, Path chart) {
    static final String USAGE = "usage: bench/run [--quick] [--runs N] [--only TEXT]   "
            + "(driver: --launcher PATH --work DIR [--newer-java JAVA_HOME] [--chart FILE.svg])";

    static BenchOptions parse(String... args) {
        boolean quick = false;
        Integer runs = null;
        Path launcher = null;
        Path work = null;
        String only = "";
        Path newerJava = null;
        Path chart = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = positive(value(args, ++i, "--runs"));
                case "--launcher" -> launcher = Path.of(value(args, ++i, "--launcher")).toAbsolutePath();
                case "--only" -> only = value(args, ++i, "--only");
                case "--work" -> work = Path.of(value(args, ++i, "--work")).toAbsolutePath();
                case "--newer-java" -> newerJava = Path.of(value(args, ++i, "--newer-java")).toAbsolutePath();
                case "--chart" -> chart = Path.of(value(args, ++i, "--chart")).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (launcher == null || work == null) {
            throw new IllegalArgumentException("--launcher and --work are required (bench/run passes them)");
        }
        return new BenchOptions(quick, runs != null ? runs : quick ? 1 : 5, launcher, work, only, newerJava, chart);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the value
        }
        throw new IllegalArgumentException("--runs must be a positive whole number, got '" + text + "'");
    }

    String describe() {
        return (quick ? "quick images" : "full-size images") + ", " + runs + (runs == 1 ? " run" : " runs") + " each";
    }
}
