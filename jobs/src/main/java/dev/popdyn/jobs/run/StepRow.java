package dev.popdyn.jobs.run;

/**
 * The outcome of the slow phase for one agent: its state for the next generation (the inherited fields) plus its
 * lineage event (donor, event, λ before, fitness and donor fitness). Java bean for Spark's encoder. Mutable, not
 * thread-safe.
 */
public class StepRow extends AgentRow {
    private static final long serialVersionUID = 1L;
    private Long donorId;
    private String event;
    private double[] hyperBefore;
    private double fitnessBefore;
    private Double donorFitness;
    private boolean resampled;
    private boolean donorKept;

    /** Whether this agent exploited a donor that was itself kept (for the offspring-count ESS). */
    public boolean isDonorKept() {
        return donorKept;
    }

    public void setDonorKept(boolean donorKept) {
        this.donorKept = donorKept;
    }

    public Long getDonorId() {
        return donorId;
    }

    public void setDonorId(Long donorId) {
        this.donorId = donorId;
    }

    public String getEvent() {
        return event;
    }

    public void setEvent(String event) {
        this.event = event;
    }

    public double[] getHyperBefore() {
        return hyperBefore;
    }

    public void setHyperBefore(double[] hyperBefore) {
        this.hyperBefore = hyperBefore;
    }

    public double getFitnessBefore() {
        return fitnessBefore;
    }

    public void setFitnessBefore(double fitnessBefore) {
        this.fitnessBefore = fitnessBefore;
    }

    public Double getDonorFitness() {
        return donorFitness;
    }

    public void setDonorFitness(Double donorFitness) {
        this.donorFitness = donorFitness;
    }

    public boolean isResampled() {
        return resampled;
    }

    public void setResampled(boolean resampled) {
        this.resampled = resampled;
    }
}
