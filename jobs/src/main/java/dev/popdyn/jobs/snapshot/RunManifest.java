package dev.popdyn.jobs.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.ConfigFactory;
import dev.popdyn.core.params.ExecutionParams;
import dev.popdyn.core.params.ExperimentParams;
import dev.popdyn.jobs.UserError;
import dev.popdyn.jobs.data.DataCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The provenance of a run, {@code RUN/run.json} (docs/design.md §4): the one class that writes and reads it. Field
 * names, in file order: {@code run_id}, {@code schema_version} ({@link RunSchema#SCHEMA_VERSION} when written),
 * {@code config_sha256}, {@code seed}, {@code population}, {@code generations}, {@code model}, {@code config} (the
 * resolved key → value strings), {@code config_text} (the rendered config the run was started from),
 * {@code execution} ({@code partitions}, {@code threads}, {@code theta_every}, {@code out},
 * {@code checkpoint_every}), {@code hyper} (the hyperparameter names), {@code popdyn_version},
 * {@code spark_version}, {@code java_version}, {@code os_arch}, {@code git_sha}, {@code created_at} (ISO-8601
 * instant).
 *
 * <p>{@link #read} checks the schema version once, before anything else: a run written by a newer layout is refused
 * by name. Every field present since schema version 1 is required; a field added later gets a documented default
 * when absent, so older run directories still read: {@code execution} (added after the first release) defaults to
 * {@link ExecutionParams}' own defaults (partitions 0, threads 0, theta_every 10, out "runs", checkpoint_every 10),
 * and so does {@code checkpoint_every} within it. Unknown fields are ignored. Immutable and thread-safe.
 */
@JsonPropertyOrder({"run_id", "schema_version", "config_sha256", "seed", "population", "generations", "model",
        "config", "config_text", "execution", "hyper", "popdyn_version", "spark_version", "java_version", "os_arch",
        "git_sha", "created_at"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(
        @JsonProperty(value = "run_id", required = true) String runId,
        @JsonProperty(value = "schema_version", required = true) int schemaVersion,
        @JsonProperty(value = "config_sha256", required = true) String configSha256,
        @JsonProperty(value = "seed", required = true) long seed,
        @JsonProperty(value = "population", required = true) int population,
        @JsonProperty(value = "generations", required = true) int generations,
        @JsonProperty(value = "model", required = true) String model,
        @JsonProperty(value = "config", required = true) Map<String, String> config,
        @JsonProperty(value = "config_text", required = true) String configText,
        @JsonProperty("execution") Execution execution,
        @JsonProperty(value = "hyper", required = true) List<String> hyper,
        @JsonProperty(value = "popdyn_version", required = true) String popdynVersion,
        @JsonProperty(value = "spark_version", required = true) String sparkVersion,
        @JsonProperty(value = "java_version", required = true) String javaVersion,
        @JsonProperty(value = "os_arch", required = true) String osArch,
        @JsonProperty(value = "git_sha", required = true) String gitSha,
        @JsonProperty(value = "created_at", required = true) String createdAt) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String CONFIG_TEXT = "config_text";

    /** Copies the collections (config keeps its order) and fills in the defaults of fields added later. */
    public RunManifest {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        hyper = List.copyOf(hyper);
        execution = execution == null ? Execution.DEFAULT : execution;
    }

    /**
     * The execution settings a run was started with, in {@code run.json}'s {@code execution} object; each absent
     * field takes {@link ExecutionParams}' default. Immutable.
     */
    public record Execution(
            @JsonProperty("partitions") int partitions,
            @JsonProperty("threads") int threads,
            @JsonProperty("theta_every") int thetaEvery,
            @JsonProperty("out") String out,
            @JsonProperty("checkpoint_every") int checkpointEvery) {
        static final Execution DEFAULT = of(ExecutionParams.fromConfig(ConfigFactory.empty()));

        /** The settings of {@code exec}. */
        public static Execution of(ExecutionParams exec) {
            return new Execution(exec.partitions(), exec.threads(), exec.thetaEvery(), exec.out(),
                    exec.checkpointEvery());
        }

        @JsonCreator
        static Execution read(@JsonProperty("partitions") Integer partitions,
                @JsonProperty("threads") Integer threads, @JsonProperty("theta_every") Integer thetaEvery,
                @JsonProperty("out") String out, @JsonProperty("checkpoint_every") Integer checkpointEvery) {
            return new Execution(partitions == null ? DEFAULT.partitions : partitions,
                    threads == null ? DEFAULT.threads : threads, thetaEvery == null ? DEFAULT.thetaEvery : thetaEvery,
                    out == null ? DEFAULT.out : out,
                    checkpointEvery == null ? DEFAULT.checkpointEvery : checkpointEvery);
        }

        /** These settings as {@link ExecutionParams}. */
        public ExecutionParams toParams() {
            return new ExecutionParams(partitions, threads, thetaEvery, out, ExecutionParams.ENGINE.defaultText(),
                    checkpointEvery);
        }
    }

    /**
     * The manifest of a new run of {@code p} with {@code exec}, created now with a random run id; the Java version
     * and architecture are this JVM's.
     */
    public static RunManifest newRun(ExperimentParams p, ExecutionParams exec, String popdynVersion,
            String sparkVersion, String gitSha) {
        return new RunManifest(UUID.randomUUID().toString(), RunSchema.SCHEMA_VERSION, p.sha256(), p.seed(),
                p.population(), p.generations(), p.model().name(), p.resolved(), p.renderConfig(),
                Execution.of(exec), p.hyper().names(), popdynVersion, sparkVersion,
                System.getProperty("java.version"), System.getProperty("os.arch"), gitSha, Instant.now().toString());
    }

    /** Writes {@code run.json} into {@code rd} (atomically), creating the directory. */
    public void write(RunDirectory rd) {
        try {
            rd.root().mkdirs();
            rd.root().resolve(RunDirectory.RUN_JSON).writeAtomically(JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code run.json} of {@code rd} and makes the run's prepared data set findable by the model
     * ({@link DataCache#attach}: a relative {@code model.data} resolves against {@code rd}, wherever it now lies).
     * Throws a {@link UserError} naming the file when it is unreadable, not a JSON object, lacks a required field, or
     * was written with a schema version newer than {@link RunSchema#SCHEMA_VERSION} (or has none).
     */
    public static RunManifest read(RunDirectory rd) {
        StoragePath file = rd.root().resolve(RunDirectory.RUN_JSON);
        try {
            JsonNode n = JSON.readTree(file.readBytes());
            if (n == null || !n.isObject()) {
                throw new UserError(file + ": not a run.json (no JSON object)");
            }
            checkVersion(rd, n.path("schema_version").asInt(-1));
            RunManifest m = JSON.treeToValue(n, RunManifest.class);
            DataCache.attach(rd.root(), m.dataReference());
            return m;
        } catch (IOException e) {
            throw new UserError(file + ": cannot read run.json: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void checkVersion(RunDirectory rd, int version) {
        if (version > RunSchema.SCHEMA_VERSION) {
            throw new UserError(rd.root() + ": run was written with schema_version " + version + ", newer than this "
                    + "popdyn's " + RunSchema.SCHEMA_VERSION + " (upgrade popdyn)");
        }
        if (version < 1) {
            throw new UserError(rd.root() + ": run.json has no valid schema_version");
        }
    }

    /**
     * The run's prepared data set, {@code config}'s {@code model.data}: a path relative to the run directory
     * ({@link DataCache}; absolute in runs written before it); null when the model reads none.
     */
    public String dataReference() {
        return config.get(DataCache.MODEL_DATA);
    }

    /**
     * The experiment the run was started with, parsed from {@code config_text}; a {@link UserError} when its hash is
     * not {@code config_sha256} (the file was edited).
     */
    public ExperimentParams params() {
        ExperimentParams p = ExperimentParams.fromConfig(ConfigFactory.parseString(configText));
        if (!p.sha256().equals(configSha256)) {
            throw new UserError(RunDirectory.RUN_JSON + ": config does not match its config_sha256 (file was edited)");
        }
        return p;
    }

    /**
     * The scalar fields as text in file order ({@code config_text} excluded; {@code hyper} joined with ", "), for
     * provenance tables.
     */
    public Map<String, String> provenanceFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = JSON.valueToTree(this).fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode() && !e.getKey().equals(CONFIG_TEXT)) {
                fields.put(e.getKey(), e.getValue().asText());
            } else if (e.getValue().isArray()) {
                List<String> items = new ArrayList<>();
                e.getValue().forEach(v -> items.add(v.asText()));
                fields.put(e.getKey(), String.join(", ", items));
            }
        }
        return fields;
    }
}
