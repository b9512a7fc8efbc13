package dev.stowage.cli;

import dev.stowage.core.reference.ImageReference;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stowage ls REPO}: every tag of a repository, all pages, one per line and nothing else.
 * Names that are not valid tags are left out, with a warning on stderr ({@link ListedNames}).
 */
@Command(name = "ls",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List every tag of a repository, one per line.")
final class LsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "REPO", description = "A repository, e.g. registry.example.com/team/app.")
    private String repository;

    @Override
    public Integer call() {
        ImageReference repo = ImageReference.parse(repository);
        if (repo.tag().isPresent() || repo.digest().isPresent()) {
            throw new IllegalArgumentException("invalid repository \"" + repository
                    + "\": ls takes a repository without a tag or digest, e.g. " + repo.name());
        }
        PrintWriter out = spec.commandLine().getOut();
        new ListedNames(spec.commandLine().getErr()).tags(repo, StowageCli.registryClient(spec).listTags(repo))
                .forEach(out::println);
        out.flush();
        return 0;
    }
}
