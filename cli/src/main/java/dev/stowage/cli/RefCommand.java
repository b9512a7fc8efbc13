package dev.stowage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.core.SafeText;
import dev.stowage.core.model.Digest;
import dev.stowage.core.reference.ImageReference;
import dev.stowage.core.reference.InvalidReferenceException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage ref REF…}: parses image references with docker's normalisation and shows their
 * parts. No tag is invented: {@code nginx} shows {@code docker.io/library/nginx} and no tag.
 * Invalid references get one error line each on stderr; the valid ones are still shown, and the
 * command exits 2.
 */
@Command(name = "ref",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Parse image references as docker does and show their parts.",
                "Nothing is added: a reference without a tag shows no tag."})
final class RefCommand implements Callable<Integer> {
    private static final String ABSENT = "<none>";

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array with one object per valid reference.")
    private boolean json;

    @Parameters(arity = "1..*", paramLabel = "REF",
            description = "An image reference, e.g. nginx, ghcr.io/org/app:1.2, app@sha256:<hex>.")
    private List<String> references;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ImageReference> valid = new ArrayList<>();
        boolean anyInvalid = false;
        for (String input : references) {
            try {
                ImageReference reference = ImageReference.parse(input);
                if (!json) {
                    printText(out, reference, valid.isEmpty());
                }
                valid.add(reference);
            } catch (InvalidReferenceException e) {
                err.println("stowage ref: " + SafeText.line(e.getMessage()));
                anyInvalid = true;
            }
        }
        if (json) {
            printJson(out, valid);
        }
        out.flush();
        err.flush();
        return anyInvalid ? FailureHandler.BAD_INPUT : 0;
    }

    private static void printText(PrintWriter out, ImageReference reference, boolean first) {
        if (!first) {
            out.println();
        }
        out.println("reference:  " + reference);
        out.println("registry:   " + reference.registry());
        out.println("repository: " + reference.repository());
        out.println("tag:        " + reference.tag().orElse(ABSENT));
        out.println("digest:     " + reference.digest().map(Digest::toString).orElse(ABSENT));
        out.println("familiar:   " + reference.familiar());
    }

    private static void printJson(PrintWriter out, List<ImageReference> references) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (ImageReference reference : references) {
            ObjectNode node = array.addObject();
            node.put("reference", reference.toString());
            node.put("registry", reference.registry());
            node.put("repository", reference.repository());
            node.put("tag", reference.tag().orElse(null));
            node.put("digest", reference.digest().map(Digest::toString).orElse(null));
            node.put("familiar", reference.familiar());
        }
        out.println(mapper.writeValueAsString(array));
    }
}
