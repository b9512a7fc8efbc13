package dev.stowage.cli;

import picocli.CommandLine.Command;

/** {@code stowage registry tag}: commands that change images on a registry without the store. */
@Command(name = "registry", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Work on images in a registry without pulling them.")
final class RegistryCommand extends GroupCommand {
}
