package dev.stowage.maven;

import dev.stowage.core.ImageManager;
import dev.stowage.core.ProgressEvent;
import dev.stowage.core.StowageException;
import dev.stowage.core.build.BaseLayers;
import dev.stowage.core.build.BuiltImage;
import dev.stowage.core.build.EntryAttributes;
import dev.stowage.core.build.ImageBuilder;
import dev.stowage.store.FileImageStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code stowage:build}: puts the project's jar on a base image and pushes the image, as jib does:
 * only the base's manifest and config are read; its layers are mounted from the base's repository
 * on the same registry (or streamed once from another), never downloaded. Runs in {@code package}.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.stowage</groupId>
 *   <artifactId>stowage-maven-plugin</artifactId>
 *   <configuration>
 *     <from>registry.example.com/base/jre:21</from>
 *     <to>registry.example.com/team/${project.artifactId}:${project.version}</to>
 *   </configuration>
 *   <executions><execution><goals><goal>build</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class BuildMojo extends AbstractMojo {
    /** The jar to run: the project's own by default. */
    @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}.jar", required = true)
    private File jar;

    /** The base image, by tag or digest: a registry reference (or an image in the plugin's store). */
    @Parameter(property = "stowage.from", required = true)
    private String from;

    /** Where to push the image: {@code registry/repository:tag}. */
    @Parameter(property = "stowage.to", required = true)
    private String to;

    /** The directory in the image the jar goes to; the entrypoint runs it with {@code java -jar}. */
    @Parameter(property = "stowage.appDirectory", defaultValue = "/app")
    private String appDirectory;

    /** Where the new layers are written before they are pushed (a Stowage store, an OCI layout). */
    @Parameter(defaultValue = "${project.build.directory}/stowage-store")
    private File store;

    @Parameter(property = "stowage.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("stowage:build skipped");
            return;
        }
        Path jarFile = jar.toPath();
        if (!Files.isRegularFile(jarFile)) {
            throw new MojoExecutionException(jar + " does not exist: run stowage:build in the package phase or later");
        }
        String directory = appDirectory.replaceAll("^/+|/+$", "");
        String inImage = directory.isEmpty() ? jarFile.getFileName().toString() : directory + "/" + jarFile.getFileName();
        try (ImageManager images = ImageManager.builder().store(FileImageStore.open(store.toPath()))
                .progress(this::report).build()) {
            BuiltImage image = ImageBuilder.from(images, from)
                    .layer(l -> l.file(inImage, jar.length(), () -> Files.newInputStream(jarFile), EntryAttributes.defaults())
                            .createdBy("stowage:build " + jarFile.getFileName()))
                    .workingDir("/" + directory)
                    .entrypoint(List.of("java", "-jar", "/" + inImage))
                    .push(to);
            BaseLayers base = image.baseLayers();
            getLog().info("Pushed " + to + "@" + image.manifestDigest() + " (image " + image.imageId().hex().substring(0, 12)
                    + "); base layers: " + base.mounted() + " mounted, " + base.existing() + " already there, "
                    + base.copied() + " copied (" + base.bytesCopied() + " bytes)");
        } catch (StowageException | IllegalArgumentException e) {
            throw new MojoExecutionException("stowage:build could not build " + to + " on " + from + ": " + e.getMessage(), e);
        }
    }

    private void report(ProgressEvent event) {
        if (event instanceof ProgressEvent.Retrying retry) {
            getLog().warn(retry.request() + " failed (" + retry.reason() + "), retrying");
        }
    }
}
