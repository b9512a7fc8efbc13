package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code docker image inspect}'s JSON as the Go value docker's templates see: every field of its
 * {@code ImageInspect} and {@code container.Config} there, those its JSON omits when empty with
 * their zero value ({@code ""}, {@code false}, nil), and each {@code null} the nil of its Go
 * type, so {@code {{.Config.User}}} prints {@code ""}, {@code {{.Config.Cmd}}} {@code []},
 * {@code {{.Config.Volumes}}} {@code map[]} and {@code {{.Config.Healthcheck}}} {@code <nil>}.
 */
final class InspectView {
    private static final List<String> SLICES = List.of("RepoTags", "RepoDigests");
    private static final List<String> OMITTED_TEXTS = List.of("Created", "Variant", "OsVersion");
    private static final List<String> CONFIG_SLICES = List.of("Env", "Cmd", "Entrypoint", "OnBuild");
    private static final List<String> CONFIG_MAPS = List.of("Volumes", "Labels");

    private InspectView() {
    }

    static JsonNode of(JsonNode inspect) {
        ObjectNode view = inspect.deepCopy();
        SLICES.forEach(f -> nilIfNull(view, f, GoValues.nilSlice()));
        OMITTED_TEXTS.forEach(f -> {
            if (!view.has(f)) {
                view.set(f, GoValues.omittedText());
            }
        });
        if (view.get("Config") instanceof ObjectNode config) {
            CONFIG_SLICES.forEach(f -> nilIfNull(config, f, GoValues.nilSlice()));
            CONFIG_MAPS.forEach(f -> mapOrNil(config, f, GoValues.nilMap()));
            mapOrNil(config, "ExposedPorts", GoValues.omittedNil("map[]"));
            omitted(config, "Healthcheck", GoValues.omittedNil("<nil>"));
            omitted(config, "ArgsEscaped", GoValues.omittedFalse());
            omitted(config, "NetworkDisabled", GoValues.omittedFalse());
            omitted(config, "MacAddress", GoValues.omittedText());
            omitted(config, "StopSignal", GoValues.omittedText());
            omitted(config, "StopTimeout", GoValues.omittedNil("<nil>"));
            omitted(config, "Shell", GoValues.omittedNil("[]"));
        }
        if (view.get("RootFS") instanceof ObjectNode rootFs) {
            nilIfNull(rootFs, "Layers", GoValues.nilSlice());
        }
        return view;
    }

    private static void nilIfNull(ObjectNode o, String field, JsonNode nil) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            o.set(field, nil);
        }
    }

    private static void mapOrNil(ObjectNode o, String field, JsonNode nil) {
        JsonNode v = o.get(field);
        o.set(field, v instanceof ObjectNode map ? new GoValues.GoMap(map) : nil);
    }

    private static void omitted(ObjectNode o, String field, JsonNode zero) {
        if (!o.has(field)) {
            o.set(field, zero);
        }
    }
}
