package dev.popdyn.core.mutate;

class NarrowReflectingGaussianMutationTest extends MutationContract {
    /** The default kernel of the config: s = 0.1, reflect, no resampling, categorical step 0.2. */
    @Override
    protected Mutation mutation() {
        return new GaussianMutation(0.1, GaussianMutation.Boundary.REFLECT, 0.0, 0.2);
    }
}
