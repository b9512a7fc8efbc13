package dev.stowage.cli;

import picocli.CommandLine.Command;

/** {@code stowage system df|prune}: docker's {@code system} commands that concern a store. */
@Command(name = "system", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage the store.")
final class SystemCommand extends GroupCommand {
}
