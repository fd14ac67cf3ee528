package dev.popdyn.jobs.snapshot;

import dev.popdyn.jobs.snapshot.StoragePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.popdyn.core.params.ConfigLoader;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunManifest}: the run.json layout, its round trip, defaults for later fields and the version check. */
class RunManifestTest {
    private static final Path SAMPLE = Path.of("..", "data", "sample-run");
    private static final Path CONF = Path.of("..", "conf", "examples", "sample-run.conf");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The field names of run.json in file order, as every popdyn since schema version 1 has written them. */
    private static final List<String> FIELDS = List.of("run_id", "schema_version", "config_sha256", "seed",
            "population", "generations", "model", "config", "config_text", "execution", "hyper", "popdyn_version",
            "spark_version", "java_version", "os_arch", "git_sha", "created_at");

    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsEveryFieldAndTheLayout() throws IOException {
        ExperimentParams p = ExperimentParams.fromConfig(ConfigLoader.load(CONF, List.of()));
        ExecutionParams exec = new ExecutionParams(3, 2, 5, "elsewhere");
        RunManifest m = RunManifest.newRun(p, exec, "1.2.3", "4.1.0", "0123abcd");
        RunDirectory rd = new RunDirectory(StoragePath.local(tmp.resolve("run")));
        m.write(rd);

        RunManifest back = RunManifest.read(rd);
        assertThat(back).isEqualTo(m);
        assertThat(fieldNames(tree(rd))).containsExactlyElementsOf(FIELDS);
        assertThat(back.params().sha256()).isEqualTo(p.sha256());
        assertThat(back.config()).isEqualTo(p.resolved());
        assertThat(back.hyper()).containsExactly("lr", "reg");
        ExecutionParams e = back.execution().toParams();
        assertThat(List.of(e.partitions(), e.threads(), e.thetaEvery())).containsExactly(3, 2, 5);
        assertThat(e.out()).isEqualTo("elsewhere");
        assertThat(tree(rd).path("execution").path("theta_every").asInt()).isEqualTo(5);
    }

    @Test
    void aRunWrittenBeforeExecutionWasRecordedGetsTheDocumentedDefaults() throws IOException {
        RunManifest m = RunManifest.read(new RunDirectory(StoragePath.local(SAMPLE)));
        assertThat(tree(new RunDirectory(StoragePath.local(SAMPLE))).has("execution")).isFalse();
        assertThat(m.execution()).isEqualTo(new RunManifest.Execution(0, 0, 10, "runs", 10));
        assertThat(m.seed()).isEqualTo(42);
        assertThat(m.population()).isEqualTo(200);
        assertThat(m.generations()).isEqualTo(12);
        assertThat(m.config()).containsEntry("fast.lr", "0.05").containsEntry("selection.rule", "truncation");
        assertThat(m.params().sha256()).isEqualTo(m.configSha256());

        RunDirectory copy = new RunDirectory(StoragePath.local(tmp.resolve("copy")));
        m.write(copy);
        ObjectNode expected = (ObjectNode) tree(new RunDirectory(StoragePath.local(SAMPLE)));
        ObjectNode written = (ObjectNode) tree(copy);
        assertThat(written.remove("execution")).isEqualTo(JSON.readTree("{\"partitions\": 0, \"threads\": 0, "
                + "\"theta_every\": 10, \"out\": \"runs\", \"checkpoint_every\": 10}"));
        assertThat(written).isEqualTo(expected);
        assertThat(fieldNames(written)).isEqualTo(fieldNames(expected));
    }

    @Test
    void eachMissingExecutionFieldTakesItsDefault() throws IOException {
        RunDirectory rd = sampleCopyWith(j -> j.putObject("execution").put("partitions", 4).put("out", "x"));
        assertThat(RunManifest.read(rd).execution()).isEqualTo(new RunManifest.Execution(4, 0, 10, "x", 10));
    }

    @Test
    void provenanceFieldsAreTheScalarsInFileOrder() {
        RunManifest m = RunManifest.read(new RunDirectory(StoragePath.local(SAMPLE)));
        assertThat(m.provenanceFields().keySet()).containsExactly("run_id", "schema_version", "config_sha256", "seed",
                "population", "generations", "model", "hyper", "popdyn_version", "spark_version", "java_version",
                "os_arch", "git_sha", "created_at");
        assertThat(m.provenanceFields()).containsEntry("hyper", "lr, reg").containsEntry("population", "200")
                .containsEntry("schema_version", "1");
    }

    @Test
    void aNewerSchemaVersionIsRefusedBeforeAnyOtherField() throws IOException {
        int newer = RunSchema.SCHEMA_VERSION + 1;
        RunDirectory rd = sampleCopyWith(j -> {
            j.put("schema_version", newer);
            j.remove("config_sha256");
            j.put("a_field_of_the_future", true);
        });
        assertThatThrownBy(() -> RunManifest.read(rd)).isInstanceOf(UserError.class)
                .hasMessage(rd.root() + ": run was written with schema_version " + newer + ", newer than this popdyn's "
                        + RunSchema.SCHEMA_VERSION + " (upgrade popdyn)");
    }

    @Test
    void aMissingSchemaVersionOrRequiredFieldIsRefused() throws IOException {
        RunDirectory noVersion = sampleCopyWith(j -> j.remove("schema_version"));
        assertThatThrownBy(() -> RunManifest.read(noVersion)).isInstanceOf(UserError.class)
                .hasMessageContaining("no valid schema_version");
        RunDirectory noSha = sampleCopyWith(j -> j.remove("config_sha256"));
        assertThatThrownBy(() -> RunManifest.read(noSha)).isInstanceOf(UserError.class)
                .hasMessageContaining("run.json").hasMessageContaining("config_sha256");
    }

    @Test
    void anEditedConfigTextIsRefusedByParams() throws IOException {
        RunDirectory rd = sampleCopyWith(j -> j.put("config_text", j.path("config_text").asText()
                .replace("population=200", "population=201")));
        RunManifest m = RunManifest.read(rd);
        assertThatThrownBy(m::params).isInstanceOf(UserError.class).hasMessageContaining("config_sha256")
                .hasMessageContaining("edited");
    }

    private interface Edit {
        void apply(ObjectNode runJson);
    }

    private RunDirectory sampleCopyWith(Edit edit) throws IOException {
        ObjectNode j = (ObjectNode) tree(new RunDirectory(StoragePath.local(SAMPLE)));
        edit.apply(j);
        Path dir = Files.createDirectories(tmp.resolve("edited-" + System.nanoTime()));
        JSON.writeValue(dir.resolve(RunDirectory.RUN_JSON).toFile(), j);
        return new RunDirectory(StoragePath.local(dir));
    }

    private static JsonNode tree(RunDirectory rd) throws IOException {
        return JSON.readTree(rd.root().resolve(RunDirectory.RUN_JSON).readBytes());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
