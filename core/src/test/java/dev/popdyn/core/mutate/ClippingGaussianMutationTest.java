package dev.popdyn.core.mutate;

class ClippingGaussianMutationTest extends MutationContract {
    @Override
    protected Mutation mutation() {
        return new GaussianMutation(0.5, GaussianMutation.Boundary.CLIP, 0.0, 0.2);
    }
}
