package org.cortexclust.training.spec;

/**
 * Regulariser weights (docs/science.md §2.6, §3.1–3.2).
 *
 * @param gammaReadout L1 on readout features (Gaussian: γ Σ|w|; factorised: γ Σ_i ‖m̂_i‖₁‖w_i‖₁)
 * @param gammaInput   Laplace smoothness of the rotated first-layer kernels, LaplaceL2norm with "same" padding
 * @param gammaGroup   group sparsity of the hidden-layer kernels, mean over (out, in) of the kernel L2 norm
 */
public record Regularisation(double gammaReadout, double gammaInput, double gammaGroup) {
  public Regularisation {
    if (!(gammaReadout >= 0) || !(gammaInput >= 0) || !(gammaGroup >= 0)) {
      throw new IllegalArgumentException("regulariser weights must be >= 0, got readout=" + gammaReadout + ", input="
          + gammaInput + ", group=" + gammaGroup);
    }
  }
}
