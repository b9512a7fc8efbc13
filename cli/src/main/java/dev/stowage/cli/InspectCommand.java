package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.core.ImageManager;
import dev.stowage.core.ImageNotFoundException;
import dev.stowage.core.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage inspect [--format TEMPLATE] IMAGE…}: as {@code docker image inspect}, a JSON
 * array of the images found, or the template rendered for each. Images not found are reported
 * on stderr and make the exit status 1; the others are still shown.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Display detailed information on one or more images.")
final class InspectCommand implements Callable<Integer> {
    /** Created on first use: picocli builds every command at start-up, and Jackson's set-up costs a third of it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "Go template, e.g. '{{.Config.Env}}', '{{json .RootFS}}', '{{index .Config.Labels \"k\"}}'; 'json' for JSON.")
    private String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Name, digest or ID.")
    private List<String> references;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GoTemplate template = format == null || format.equals("json") ? null : GoTemplate.parse(format);
        List<String> found = new ArrayList<>();
        boolean missing = false;
        try (ImageManager images = StowageCli.openManager(spec)) {
            for (String reference : references) {
                try {
                    found.add(images.inspect(reference).call().toJson());
                } catch (ImageNotFoundException e) {
                    err.println("stowage: " + SafeText.line(e.getMessage()));
                    missing = true;
                }
            }
        }
        if (template == null) {
            // Jackson escapes C0 controls inside strings; SafeText adds DEL, C1 and bidi as JSON escapes too.
            out.println(SafeText.lines(found.isEmpty() ? "[]"
                    : "[\n" + String.join(",\n", found.stream().map(InspectCommand::indent).toList()) + "\n]"));
        } else {
            for (String json : found) {
                out.println(template.render(InspectView.of(tree(json))));
            }
        }
        out.flush();
        err.flush();
        return missing ? FailureHandler.FAILURE : 0;
    }

    private static String indent(String json) {
        return "    " + json.replace("\n", "\n    ");
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read inspect JSON", e);
        }
    }
}
