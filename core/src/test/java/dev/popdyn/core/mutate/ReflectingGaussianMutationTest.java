package dev.popdyn.core.mutate;

class ReflectingGaussianMutationTest extends MutationContract {
    /** A wide step (several reflections per draw) with some prior resampling. */
    @Override
    protected Mutation mutation() {
        return new GaussianMutation(2.5, GaussianMutation.Boundary.REFLECT, 0.1, 0.5);
    }
}
