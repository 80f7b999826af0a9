package org.cortexclust.dec.synthetic;

import java.util.SplittableRandom;

/**
 * Readout-like embeddings with planted functional types and random preferred orientations, for tests and
 * benchmarks: K prototypes P_k ∈ R^{F×n} (feature-major, index f·n + r) with standard-normal entries; neuron i of
 * type t_i has embedding {@code g_i · S_{s_i} P_{t_i} + σ·ε_i} with a uniform random shift s_i (its preferred
 * orientation), gain g_i ~ U(0.7, 1.3) and Gaussian noise. Types are drawn with the given relative weights
 * (unequal sizes are where k-means and DEC differ).
 */
public final class PlantedTypes {
  private PlantedTypes() {}

  /**
   * @param embeddings N × F·n
   * @param types      planted type per neuron
   * @param shifts     planted rotation per neuron
   */
  public record Data(double[][] embeddings, int[] types, int[] shifts) {}

  /**
   * @param weights      relative type frequencies (length K)
   * @param separation   prototype scale (1 = unit-variance prototype entries)
   * @param noise        σ of the per-entry noise
   */
  public static Data generate(int neurons, int features, int rotations, double[] weights, double separation,
      double noise, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int k = weights.length;
    int d = features * rotations;
    double[][] proto = new double[k][d];
    for (double[] p : proto) {
      for (int t = 0; t < d; t++) p[t] = separation * r.nextGaussian();
    }
    double total = 0;
    for (double w : weights) total += w;
    double[][] z = new double[neurons][d];
    int[] types = new int[neurons];
    int[] shifts = new int[neurons];
    for (int i = 0; i < neurons; i++) {
      double u = r.nextDouble() * total;
      int t = 0;
      while (t < k - 1 && u >= weights[t]) {
        u -= weights[t];
        t++;
      }
      types[i] = t;
      int s = r.nextInt(rotations);
      shifts[i] = s;
      double g = 0.7 + 0.6 * r.nextDouble();
      for (int f = 0; f < features; f++) {
        for (int rr = 0; rr < rotations; rr++) {
          z[i][f * rotations + rr] = g * proto[t][f * rotations + Math.floorMod(rr - s, rotations)]
              + noise * r.nextGaussian();
        }
      }
    }
    return new Data(z, types, shifts);
  }
}
