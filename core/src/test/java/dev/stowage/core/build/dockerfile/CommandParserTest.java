package dev.stowage.core.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The meaning of each instruction, with the errors BuildKit's instruction tests expect. */
class CommandParserTest {

    private static Command parse(String line) {
        Instruction in = DockerfileParser.parse("Dockerfile", line + "\n").instructions().get(0);
        return new CommandParser("Dockerfile").parse(in);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "COPY\t|COPY requires at least two arguments",
            "ONBUILD FROM scratch|FROM isn't allowed as an ONBUILD trigger",
            "MAINTAINER --boo joe@example.com|unknown flag: --boo",
            "ONBUILD ONBUILD RUN touch foobar|Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            "FOO bar|unknown instruction: FOO",
            "foo bar|unknown instruction: foo",
            "WORKDIR|WORKDIR requires exactly one argument",
            "USER|USER requires exactly one argument",
            "STOPSIGNAL|STOPSIGNAL requires exactly one argument",
            "ENV|ENV requires at least one argument",
            "LABEL|LABEL requires at least one argument",
            "EXPOSE|EXPOSE requires at least one argument",
            "VOLUME|VOLUME requires at least one argument",
            "HEALTHCHECK|HEALTHCHECK requires at least one argument",
            "ADD arg1|ADD requires at least two arguments",
            "SHELL /bin/bash -c|SHELL requires the arguments to be in JSON form",
            "FROM a b|FROM requires either one or three arguments",
            "FROM a AS 1stage|invalid name for build stage",
            "COPY --link=maybe a b|expecting boolean value for flag --link, not: maybe",
            "COPY --from a b|missing a value on flag: --from",
            "COPY --chown=a --chown=b a b|duplicate flag specified: --chown",
            "HEALTHCHECK --interval=50ns CMD x|Interval \"interval\" cannot be less than 1ms",
            "HEALTHCHECK --retries=-1 CMD x|--retries cannot be negative (-1)",
            "HEALTHCHECK NONE x|HEALTHCHECK NONE takes no arguments",
            "HEALTHCHECK CONNECT TCP 7000|Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)",
            "HEALTHCHECK CMD|Missing command after HEALTHCHECK CMD",
            "COPY --checksum=x a b|unknown flag: --checksum",
            "ADD --from=x a b|unknown flag: --from",
    })
    void refusesWithBuildKitsMessage(String line, String message) {
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class, () -> parse(line));
        assertTrue(e.problem().contains(message), e.problem());
        assertEquals(1, e.line());
    }

    @Test
    void aHeredocCannotBeTheDestination() {
        Instruction in = DockerfileParser.parse("Dockerfile", "COPY a <<EOF\nx\nEOF\n").instructions().get(0);
        InvalidDockerfileException e = assertThrows(InvalidDockerfileException.class,
                () -> new CommandParser("Dockerfile").parse(in));
        assertTrue(e.problem().contains("COPY cannot accept a heredoc as a destination"), e.problem());
    }

    @Test
    void copyTakesItsFlags() {
        Command.Copy copy = (Command.Copy) parse("COPY --from=build --chown=1:2 --chmod=755 --link --exclude=*.tmp "
                + "--exclude=*.log a b /dest/");
        assertEquals(List.of("a", "b"), copy.sources());
        assertEquals("/dest/", copy.dest());
        assertEquals(Optional.of("build"), copy.from());
        assertEquals(Optional.of("1:2"), copy.chown());
        assertEquals(Optional.of("755"), copy.chmod());
        assertTrue(copy.link());
        assertEquals(List.of("*.tmp", "*.log"), copy.excludes());
    }

    @Test
    void fromNamesItsStageInLowerCase() {
        Command.From from = (Command.From) parse("FROM --platform=$BUILDPLATFORM eclipse-temurin:21 AS Build");
        assertEquals(Optional.of("build"), from.name());
        assertEquals(Optional.of("$BUILDPLATFORM"), from.platform());
    }

    @Test
    void shellFormsAreOneStringAndJsonFormsTheirWords() {
        assertEquals(new Command.Exec(parse("CMD echo  hi").source(), false, List.of("echo  hi"), true), parse("CMD echo  hi"));
        Command.Exec json = (Command.Exec) parse("ENTRYPOINT [\"java\", \"-jar\"]");
        assertEquals(List.of("java", "-jar"), json.args());
        assertEquals(false, json.shellForm());
    }

    @Test
    void healthcheckTakesItsTimingsAndShellOrExecForm() {
        Command.Healthcheck h = (Command.Healthcheck) parse(
                "HEALTHCHECK --interval=1m30s --timeout=3s --start-period=0s --retries=3 CMD curl -f http://x/");
        assertEquals(List.of("CMD-SHELL", "curl -f http://x/"), h.test());
        assertEquals(Duration.ofSeconds(90), h.interval());
        assertEquals(Duration.ofSeconds(3), h.timeout());
        assertEquals(3, h.retries());
        assertEquals(List.of("CMD", "foo"), ((Command.Healthcheck) parse("HEALTHCHECK CMD [\"foo\"]")).test());
        assertEquals(List.of("NONE"), ((Command.Healthcheck) parse("HEALTHCHECK NONE")).test());
    }

    @Test
    void argsMayHaveDefaults() {
        Command.Arg arg = (Command.Arg) parse("ARG A B=1 C=");
        assertEquals(List.of(new Command.ArgDefinition("A", Optional.empty()),
                new Command.ArgDefinition("B", Optional.of("1")), new Command.ArgDefinition("C", Optional.of(""))), arg.args());
    }

    @Test
    void onbuildKeepsItsTriggerAsWritten() {
        Command.OnBuild onBuild = (Command.OnBuild) parse("onbuild  COPY --chown=app . /src");
        assertEquals("COPY --chown=app . /src", onBuild.expression());
    }

    @Test
    void runIsRecognisedAndLeftToTheBuilderToRefuse() {
        assertInstanceOf(Command.Run.class, parse("RUN --mount=type=cache,target=/root/.m2 mvn package"));
    }
}
