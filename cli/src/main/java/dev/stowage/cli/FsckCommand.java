package dev.stowage.cli;

import dev.stowage.core.ImageManager;
import dev.stowage.core.SafeText;
import dev.stowage.core.spi.VerifyReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage fsck [--repair]}: checks that every blob an image references is stored with
 * the right digest and size, and that Stowage's metadata agrees with the layout. Any valid OCI
 * layout is accepted, also one written by another tool with no Stowage metadata. Exits 1 when a
 * problem remains, naming each blob by its full digest.
 */
@Command(name = "fsck", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Check the store: every referenced blob present with the right digest and size.")
final class FsckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--repair", description = "Repair what is safe to repair (delete corrupt blobs, rebuild metadata).")
    private boolean repair;

    @Override
    public Integer call() {
        VerifyReport report;
        try (ImageManager images = StowageCli.openManager(spec)) {
            report = images.store().verify(repair);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (VerifyReport.Problem p : report.problems()) {
            out.println((p.repaired() ? "repaired " : "") + kind(p.kind()) + " " + SafeText.line(p.subject() + ": " + p.message()));
        }
        int remaining = report.unrepaired().size();
        out.println(report.blobsChecked() + " blobs checked, " + report.problems().size() + " problems"
                + (repair ? ", " + remaining + " left after repair" : ""));
        out.flush();
        return remaining == 0 ? 0 : 1;
    }

    private static String kind(VerifyReport.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
