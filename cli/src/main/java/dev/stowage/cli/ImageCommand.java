package dev.stowage.cli;

import picocli.CommandLine.Command;

/** {@code stowage image ls|inspect|history|rm|tag|prune}: docker's {@code image} management commands. */
@Command(name = "image", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage images.")
final class ImageCommand extends GroupCommand {
}
