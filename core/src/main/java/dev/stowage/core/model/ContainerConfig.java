package dev.stowage.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code config} of an image config: the defaults a container started from the image runs
 * with. Absent (or {@code null}) members read as empty: {@code ""}, an empty list, set or map,
 * {@code false}; docker treats them the same way.
 *
 * <p>{@code exposedPorts} holds the keys as written, {@code port/protocol} such as
 * {@code 8080/tcp}, or a bare {@code port} meaning TCP. Collections keep document order.
 *
 * @param argsEscaped Windows-only: {@code Cmd}/{@code Entrypoint} are already escaped command lines
 * @param healthcheck the Docker extension {@code Healthcheck}, if set
 * @param shell the Docker extension {@code Shell}: what shell-form commands run with
 * @param onBuild the Docker extension {@code OnBuild}: instructions a build from this image runs first
 */
public record ContainerConfig(
        String user,
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        String workingDir,
        Map<String, String> labels,
        Set<String> exposedPorts,
        Set<String> volumes,
        String stopSignal,
        boolean argsEscaped,
        Optional<Healthcheck> healthcheck,
        List<String> shell,
        List<String> onBuild) {

    static final ContainerConfig EMPTY = new ContainerConfig("", List.of(), List.of(), List.of(), "",
            Map.of(), Set.of(), Set.of(), "", false, Optional.empty(), List.of(), List.of());

    public ContainerConfig {
        user = Objects.requireNonNullElse(user, "");
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        workingDir = Objects.requireNonNullElse(workingDir, "");
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        exposedPorts = exposedPorts == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(exposedPorts));
        volumes = volumes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(volumes));
        stopSignal = Objects.requireNonNullElse(stopSignal, "");
        healthcheck = Objects.requireNonNullElse(healthcheck, Optional.empty());
        shell = shell == null ? List.of() : List.copyOf(shell);
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
    }
}
