package org.cortexclust.data.simulator;

import java.util.List;

/**
 * Temporal filter of a simulated video neuron, applied to the linear spatial filter outputs before the cell type's
 * nonlinearity. Both are causal, {@link #LENGTH} frames long and have unit L2 norm.
 * <ul>
 *   <li>sustained: monophasic low-pass {@code h(τ) ∝ (τ+1)·e^{−τ/2}} — follows the stimulus;</li>
 *   <li>transient: biphasic {@code h(τ) ∝ (τ+1)·e^{−τ/1.2} − c·(τ+1)·e^{−τ/2.5}} with c chosen for zero sum —
 *       blind to a static image, responds to changes of the stimulus.</li>
 * </ul>
 */
public enum TemporalKind {
  SUSTAINED("sustained"),
  TRANSIENT("transient");

  /** Filter length in frames. */
  public static final int LENGTH = 10;

  /** The label stored in {@code meta/neurons/gt_temporal_kind_names.npy}. */
  public final String label;

  TemporalKind(String label) {
    this.label = label;
  }

  /** The filter {@code h[τ]}, τ = 0 (current frame) .. LENGTH−1, unit L2 norm. */
  public double[] filter() {
    double[] h = new double[LENGTH];
    double sa = 0;
    double sb = 0;
    for (int t = 0; t < LENGTH; t++) {
      sa += (t + 1) * Math.exp(-t / 1.2);
      sb += (t + 1) * Math.exp(-t / 2.5);
    }
    double c = sa / sb;
    double ss = 0;
    for (int t = 0; t < LENGTH; t++) {
      h[t] = this == SUSTAINED ? (t + 1) * Math.exp(-t / 2.0)
          : (t + 1) * Math.exp(-t / 1.2) - c * (t + 1) * Math.exp(-t / 2.5);
      ss += h[t] * h[t];
    }
    double norm = Math.sqrt(ss);
    for (int t = 0; t < LENGTH; t++) {
      h[t] /= norm;
    }
    return h;
  }

  public static List<String> labels() {
    return java.util.Arrays.stream(values()).map(k -> k.label).toList();
  }
}
