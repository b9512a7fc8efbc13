package dev.stowage.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule of image-spec config.md / config-schema.json per case. Documents are written with
 * single quotes for readability; every invalid one must fail with {@link InvalidManifestException}
 * naming the field, never with another exception.
 */
class ImageConfigValidationTest {
    private static final String ROOTFS = "'rootfs':{'type':'layers','diff_ids':[]}";
    private static final String PLATFORM = "'architecture':'amd64','os':'linux'";

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** A valid minimal config with {@code members} added at the top level. */
    private static byte[] withTop(String members) {
        return json("{" + PLATFORM + "," + ROOTFS + "," + members + "}");
    }

    private static byte[] withConfig(String members) {
        return withTop("'config':{" + members + "}");
    }

    private static void assertRefused(byte[] raw, String expectedInMessage) {
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(raw));
        assertTrue(e.getMessage().contains(expectedInMessage), () -> "message \"" + e.getMessage()
                + "\" should contain \"" + expectedInMessage + "\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'os':'linux'," + ROOTFS + "}                                        | architecture is required",
        "{'architecture':null,'os':'linux'," + ROOTFS + "}                    | architecture is required",
        "{'architecture':64,'os':'linux'," + ROOTFS + "}                      | architecture must be a string, got number",
        "{'architecture':'','os':'linux'," + ROOTFS + "}                      | architecture must not be empty",
        "{'architecture':'amd64'," + ROOTFS + "}                              | os is required",
        "{'architecture':'amd64','os':['linux']," + ROOTFS + "}               | os must be a string, got array",
        "{" + PLATFORM + "}                                                   | rootfs is required",
        "{" + PLATFORM + ",'rootfs':null}                                     | rootfs is required",
        "{" + PLATFORM + ",'rootfs':'layers'}                                 | rootfs must be an object",
        "{" + PLATFORM + ",'rootfs':{'diff_ids':[]}}                          | rootfs.type is required",
        "{" + PLATFORM + ",'rootfs':{'type':'layer','diff_ids':[]}}           | rootfs.type must be \"layers\"",
        "{" + PLATFORM + ",'rootfs':{'type':7,'diff_ids':[]}}                 | rootfs.type must be a string",
        "{" + PLATFORM + ",'rootfs':{'type':'layers'}}                        | rootfs.diff_ids is required",
        "{" + PLATFORM + ",'rootfs':{'type':'layers','diff_ids':'sha256:x'}}  | rootfs.diff_ids must be an array",
        "{" + PLATFORM + ",'rootfs':{'type':'layers','diff_ids':[7]}}         | rootfs.diff_ids[0] must be a string",
    })
    void refusesBadRequiredMembers(String document, String expected) {
        assertRefused(json(document.strip()), expected);
    }

    @Test
    void refusesABadDiffIdNamingItsIndex() {
        String good = "'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef'";
        assertRefused(json("{" + PLATFORM + ",'rootfs':{'type':'layers','diff_ids':[" + good + "," + good
                + ",'sha256:5F70BF18A086007016E948B04AED3B82103A36BEA41755B6CDDFAF10ACE3C6EF']}}"),
                "rootfs.diff_ids[2] is not a valid digest");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'variant':8                        | variant must be a string",
        "'os.version':10                    | os.version must be a string",
        "'os.features':'win32k'             | os.features must be an array",
        "'os.features':[1]                  | os.features[0] must be a string",
        "'author':{'name':'a'}              | author must be a string",
        "'config':[]                        | config must be an object",
        "'config':'x'                       | config must be an object",
        "'history':{}                       | history must be an array",
        "'history':['ADD x']                | history[0] must be an object",
        "'history':[{},null]                | history[1] must be an object",
        "'history':[{},{'created_by':1}]    | history[1].created_by must be a string",
        "'history':[{'author':false}]       | history[0].author must be a string",
        "'history':[{'comment':[]}]         | history[0].comment must be a string",
        "'history':[{'empty_layer':'true'}] | history[0].empty_layer must be a boolean",
        "'history':[{'created':'today'}]    | history[0].created must be an RFC 3339 date-time",
    })
    void refusesBadOptionalTopLevelMembers(String members, String expected) {
        assertRefused(withTop(members.strip()), expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'User':1234                              | config.User must be a string, got number",
        "'Env':'A=1'                              | config.Env must be an array",
        "'Env':['A=1',2]                          | config.Env[1] must be a string",
        "'Env':['A=1',null]                       | config.Env[1] must be a string",
        "'Env':['foo']                            | config.Env[0] must have the form NAME=value",
        "'Env':['=foo']                           | config.Env[0] must have the form NAME=value",
        "'Entrypoint':'/bin/sh'                   | config.Entrypoint must be an array",
        "'Entrypoint':[null]                      | config.Entrypoint[0] must be a string",
        "'Cmd':'sh'                               | config.Cmd must be an array",
        "'Cmd':['sh',['-c']]                      | config.Cmd[1] must be a string",
        "'WorkingDir':false                       | config.WorkingDir must be a string",
        "'Labels':['a=b']                         | config.Labels must be an object",
        "'Labels':{'a':1}                         | config.Labels[\"a\"] must be a string",
        "'Labels':{'a':null}                      | config.Labels[\"a\"] must be a string",
        "'ExposedPorts':['80/tcp']                | config.ExposedPorts must be an object",
        "'ExposedPorts':{'80/tcp':true}           | config.ExposedPorts[\"80/tcp\"] must be an object",
        "'ExposedPorts':{'80/tcp':null}           | config.ExposedPorts[\"80/tcp\"] must be an object",
        "'ExposedPorts':{'http':{}}               | config.ExposedPorts[\"http\"] must be a port",
        "'ExposedPorts':{'70000/tcp':{}}          | config.ExposedPorts[\"70000/tcp\"] must be a port",
        "'ExposedPorts':{'80/icmp':{}}            | config.ExposedPorts[\"80/icmp\"] must be a port",
        "'ExposedPorts':{'90-80/tcp':{}}          | config.ExposedPorts[\"90-80/tcp\"] must be a port",
        "'ExposedPorts':{'':{}}                   | config.ExposedPorts[\"\"] must be a port",
        "'Volumes':['/data']                      | config.Volumes must be an object",
        "'Volumes':{'/data':'yes'}                | config.Volumes[\"/data\"] must be an object",
        "'StopSignal':9                           | config.StopSignal must be a string",
        "'ArgsEscaped':'true'                     | config.ArgsEscaped must be a boolean",
    })
    void refusesBadContainerConfigMembers(String members, String expected) {
        assertRefused(withConfig(members.strip()), expected);
    }

    @Test
    void refusesAnEnvEntryWithoutQuotingIt() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> ImageConfig.parse(withConfig("'Env':['TOKENs3cr3t']")));
        assertTrue(!e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "yesterday",
        "1446330176",
        "2015-10-31",
        "2015-10-31 22:22:56Z",
        "2015-10-31T22:22:56",
        "2015-10-31t22:22:56z",
        "2015-10-31T22:22Z",
        "2015-10-31T22:22:56.Z",
        "2015-10-31T22:22:56,5Z",
        "2015-13-01T00:00:00Z",
        "2015-00-01T00:00:00Z",
        "2015-02-29T00:00:00Z",
        "2015-04-31T00:00:00Z",
        "2015-10-31T24:00:00Z",
        "2015-10-31T22:60:00Z",
        "2015-10-31T22:22:60Z",
        "2015-10-31T22:22:56+24:00",
        "2015-10-31T22:22:56+01:60",
        "2015-10-31T22:22:56+0100",
        "15-10-31T22:22:56Z",
        "+2015-10-31T22:22:56Z",
        "２０15-10-31T22:22:56Z",
    })
    void refusesACreatedThatIsNotAnRfc3339DateTime(String created) {
        assertRefused(withTop("'created':'" + created + "'"), "created must be an RFC 3339 date-time");
    }

    @Test
    void refusesACreatedThatIsNotAString() {
        assertRefused(withTop("'created':1446330176"), "created must be a string, got number");
    }

    @ParameterizedTest
    @CsvSource({
        "2015-10-31T22:22:56Z,                     2015-10-31T22:22:56Z",
        "2015-10-31T22:22:56.015925234Z,           2015-10-31T22:22:56.015925234Z",
        "2015-10-31T22:22:56.5Z,                   2015-10-31T22:22:56.500Z",
        "2015-10-31T23:22:56.5+01:00,              2015-10-31T22:22:56.500Z",
        "2015-10-31T20:52:56-01:30,                2015-10-31T22:22:56Z",
        "2015-10-31T22:22:56-00:00,                2015-10-31T22:22:56Z",
        "2015-10-31T22:22:56+23:59,                2015-10-30T22:23:56Z",
        "2015-10-31T22:22:56.0159252349999Z,       2015-10-31T22:22:56.015925234Z",
        "2016-02-29T00:00:00Z,                     2016-02-29T00:00:00Z",
        "0001-01-01T00:00:00Z,                     0001-01-01T00:00:00Z",
    })
    void readsCreatedAsGoDoes(String created, String instant) {
        ImageConfig config = ImageConfig.parse(withTop("'created':'" + created + "'"));
        assertEquals(Optional.of(Instant.parse(instant)), config.created());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "invalid JSON",
        "[]",
        "\"config\"",
        "null",
        "{'architecture':'amd64','os':'linux','rootfs':{'type':'layers','diff_ids':[]}} {}",
        "{'architecture':'amd64','architecture':'arm64','os':'linux','rootfs':{'type':'layers','diff_ids':[]}}",
        "{'architecture':'amd64','os':'linux','rootfs':{'type':'layers','diff_ids':[]}",
    })
    void refusesWhatIsNotOneJsonObject(String document) {
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(json(document)));
    }

    @Test
    void refusesNullBytes() {
        assertThrows(InvalidManifestException.class, () -> ImageConfig.parse(null));
    }

    @Test
    void acceptsAnEmptyDiffIdList() {
        assertEquals(0, ImageConfig.parse(withTop("'history':[]")).rootfs().diffIds().size());
    }

    @Test
    void acceptsEnvValuesHoldingEqualsSignsAndNewlines() {
        ImageConfig config = ImageConfig.parse(withConfig("'Env':['A=','B=x=y','C=line1\\nline2']"));
        assertEquals(3, config.config().env().size());
    }
}
