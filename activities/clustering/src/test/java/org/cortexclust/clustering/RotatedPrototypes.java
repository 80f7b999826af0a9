package org.cortexclust.clustering;

import java.util.SplittableRandom;
import org.cortexclust.alignment.RotationAlignment;

/** Shifted copies of K random f × n prototypes plus noise: neuron i = roll(prototype[i % K], s_i) + noise. */
record RotatedPrototypes(double[][] rows, float[] flat, int[] proto, int[] shift) {
  static RotatedPrototypes make(int n, int f, int r, int k, double noise, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] protos = new double[k][f * r];
    for (double[] p : protos) for (int j = 0; j < p.length; j++) p[j] = rng.nextGaussian();
    double[][] rows = new double[n][];
    float[] flat = new float[n * f * r];
    int[] proto = new int[n], shift = new int[n];
    for (int i = 0; i < n; i++) {
      proto[i] = i % k;
      shift[i] = rng.nextInt(r);
      double[] v = RotationAlignment.roll(protos[proto[i]], f, r, shift[i]);
      for (int j = 0; j < v.length; j++) {
        v[j] += noise * rng.nextGaussian();
        flat[i * f * r + j] = (float) v[j];
      }
      rows[i] = v;
    }
    return new RotatedPrototypes(rows, flat, proto, shift);
  }
}
