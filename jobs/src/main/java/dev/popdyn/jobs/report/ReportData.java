package dev.popdyn.jobs.report;

import dev.popdyn.core.params.HyperDim;
import java.util.List;
import java.util.Map;

/**
 * The small, driver-side results a report is drawn from: every array here has one entry per generation (or per
 * generation × bin, per population size, per time point), never one per agent — except a {@link Cloud}, which holds
 * at most {@link ReportQueries#CLOUD_POINTS} sampled agents. Plain immutable-by-convention value holders; not
 * thread-safe to mutate.
 */
public final class ReportData {
    private ReportData() {
    }

    /** The {@code summary} table as columns, ordered by generation. */
    public record SummaryColumns(double[] generation, Map<String, double[]> columns) {
        /** Column {@code name}, or null when the run has no such column. */
        public double[] get(String name) {
            return columns.get(name);
        }

        public int size() {
            return generation.length;
        }
    }

    /**
     * A hyperparameter's density over generations: {@code fraction[g][b]} is the share of generation
     * {@code generations[g]}'s agents whose value lies in bin b; bins are equal in the coordinate's scale (log10 for
     * log-scale coordinates) between its bounds, {@code binCenters} in the hyperparameter's own units.
     */
    public record Density(String hyper, boolean logScale, double lo, double hi, double[] generations,
            double[] binCenters, double[][] fraction) {
    }

    /**
     * The ancestry of the best agent of the last generation: at each generation the id of its ancestor, the
     * ancestor's λ and fitness, and whether the ancestor had just been created by an exploit (copied from a donor at
     * the end of the previous generation).
     */
    public record Ancestry(long bestAgent, int[] generation, long[] agentId, double[] fitness, boolean[] exploited,
            Map<String, double[]> hyper) {
    }

    /** Mean W1 to the mean-field reference per population size, from a {@code limit} study table. */
    public record LimitStudy(double[] population, double[] w1, double slope, double intercept) {
    }

    /** Risk over time from a {@code trajectory} table: mean and the 5–95 % band per time point. */
    public record Trajectory(double[] time, double[] mean, double[] q05, double[] q95) {
    }

    /** Provenance from run.json: top-level scalar fields and the resolved config. */
    public record Provenance(Map<String, String> fields, Map<String, String> config) {
    }

    /** The effective-fitness optimum of a hyperparameter, with the formula it came from. */
    public record Optimum(String hyper, double value, String formula) {
    }

    /** Optional tables: what the report looked for and whether it found it. */
    public record OptionalTable(String name, String expected, boolean present, String note) {
    }

    /**
     * Fitness per generation over the non-diverged agents: the mean of the {@code top} highest values (of all when
     * fewer), the population mean, and the number of agents (diverged included).
     */
    public record FitnessCurve(int top, double[] generation, double[] topMean, double[] mean, long[] agents) {
        /** The last generation of the curve (0 when empty). */
        public int lastGeneration() {
            return generation.length == 0 ? 0 : (int) generation[generation.length - 1];
        }
    }

    /**
     * How a run's hyperparameter clouds are drawn: coordinate {@code x} on the x axis, {@code y} on the y axis (null:
     * fitness instead), points coloured by {@code colour} (null: one colour). Log-scale coordinates get log axes.
     */
    public record CloudAxes(HyperDim x, HyperDim y, HyperDim colour) {
    }

    /**
     * One hyperparameter cloud: the non-diverged agents of {@code generation} ({@code agents} of them), or a
     * deterministic sample when there are more than the report draws; {@code y} holds fitness when the axes have no
     * y coordinate, {@code colour} is null when they have no colour coordinate.
     */
    public record Cloud(int generation, long agents, double[] x, double[] y, double[] colour) {
        public int size() {
            return x.length;
        }
    }

    /**
     * One run of a sweep: its key, the legend label (the grid values that vary across the sweep, and the seed when
     * there are several), its row of the runs table (null when the sweep has no runs table), its fitness curve and
     * clouds (null and empty before its first committed generation).
     */
    public record SweepRun(String key, String label, List<String> row, FitnessCurve curve, CloudAxes axes,
            List<Cloud> clouds) {
    }

    /**
     * Everything a sweep report shows: the sweep's provenance (its config: the resolved entries every run shares),
     * the header of the runs table, the runs in sweep order and the grid points over seeds.
     */
    public record Sweep(Provenance provenance, List<String> header, List<SweepRun> runs,
            List<SweepReportSeeds.Point> points) {
    }

    /** Everything a run report shows; {@code name} (the title) is the run directory's name. */
    public record Run(String name, Provenance provenance, SummaryColumns summary, FitnessCurve top,
            List<Density> densities, Ancestry ancestry, List<Optimum> optima, LimitStudy limit, Trajectory trajectory,
            List<OptionalTable> optional) {
    }
}
