package org.cortexclust.clustering.synthetic;

import java.util.SplittableRandom;

/** Data sets with planted cluster structure (known labels) for tests and benchmarks. */
public final class PlantedData {
  private PlantedData() {}

  /** Points and their true labels. */
  public record Labelled(double[][] x, int[] labels) {}

  /**
   * k isotropic Gaussian blobs in d dimensions: centres drawn N(0, separation²·I), points centre + N(0, I);
   * sizes as equal as possible.
   */
  public static Labelled blobs(int n, int d, int k, double separation, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] c = new double[k][d];
    for (double[] ci : c) for (int f = 0; f < d; f++) ci[f] = separation * r.nextGaussian();
    double[][] x = new double[n][d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % k;
      for (int f = 0; f < d; f++) x[i][f] = c[y[i]][f] + r.nextGaussian();
    }
    return new Labelled(x, y);
  }

  /** Two concentric rings in 2-D (radii 1 and 3) with Gaussian radial noise; k-means cannot separate them. */
  public static Labelled rings(int n, double noise, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double rad = (y[i] == 0 ? 1 : 3) + noise * r.nextGaussian(), a = 2 * Math.PI * r.nextDouble();
      x[i][0] = rad * Math.cos(a);
      x[i][1] = rad * Math.sin(a);
    }
    return new Labelled(x, y);
  }

  /** Two interleaving half circles ("two moons") with Gaussian noise. */
  public static Labelled moons(int n, double noise, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double t = Math.PI * r.nextDouble();
      if (y[i] == 0) {
        x[i][0] = Math.cos(t);
        x[i][1] = Math.sin(t);
      } else {
        x[i][0] = 1 - Math.cos(t);
        x[i][1] = 0.5 - Math.sin(t);
      }
      x[i][0] += noise * r.nextGaussian();
      x[i][1] += noise * r.nextGaussian();
    }
    return new Labelled(x, y);
  }
}
