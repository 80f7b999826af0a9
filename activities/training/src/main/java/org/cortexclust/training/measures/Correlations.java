package org.cortexclust.training.measures;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-neuron prediction quality (docs/science.md §4). Arrays are trial-major, {@code T × N}.
 *
 * <p>Standardisation uses the population std plus {@code eps = 1e-8} (sensorium convention), so a constant
 * prediction gives ρ ≈ 0 rather than NaN.
 */
public final class Correlations {
  public static final double EPS = 1e-8;

  private Correlations() {}

  /** Single-trial correlation ρ_j of every neuron over all T trials (each repeat its own trial). */
  public static double[] singleTrial(float[] observed, float[] predicted, int trials, int neurons) {
    check(observed, predicted, trials, neurons);
    double[] rho = new double[neurons];
    for (int j = 0; j < neurons; j++) {
      double my = 0, mp = 0;
      for (int t = 0; t < trials; t++) {
        my += observed[t * neurons + j];
        mp += predicted[t * neurons + j];
      }
      my /= trials;
      mp /= trials;
      double vy = 0, vp = 0, c = 0;
      for (int t = 0; t < trials; t++) {
        double dy = observed[t * neurons + j] - my;
        double dp = predicted[t * neurons + j] - mp;
        vy += dy * dy;
        vp += dp * dp;
        c += dy * dp;
      }
      double sy = Math.sqrt(vy / trials) + EPS;
      double sp = Math.sqrt(vp / trials) + EPS;
      double r = c / trials / (sy * sp);
      rho[j] = Double.isFinite(r) ? r : 0;
    }
    return rho;
  }

  /**
   * Correlation to average: responses and predictions averaged over the repeats of each image (trials sharing
   * {@code imageIds}), then correlated across images per neuron (same eps convention).
   */
  public static double[] toAverage(float[] observed, float[] predicted, int[] imageIds, int neurons) {
    int trials = imageIds.length;
    check(observed, predicted, trials, neurons);
    Map<Integer, Integer> slot = new LinkedHashMap<>();
    for (int id : imageIds) {
      slot.putIfAbsent(id, slot.size());
    }
    int m = slot.size();
    float[] ao = new float[m * neurons];
    float[] ap = new float[m * neurons];
    int[] count = new int[m];
    double[] so = new double[m * neurons];
    double[] sp = new double[m * neurons];
    for (int t = 0; t < trials; t++) {
      int s = slot.get(imageIds[t]);
      count[s]++;
      for (int j = 0; j < neurons; j++) {
        so[s * neurons + j] += observed[t * neurons + j];
        sp[s * neurons + j] += predicted[t * neurons + j];
      }
    }
    for (int s = 0; s < m; s++) {
      for (int j = 0; j < neurons; j++) {
        ao[s * neurons + j] = (float) (so[s * neurons + j] / count[s]);
        ap[s * neurons + j] = (float) (sp[s * neurons + j] / count[s]);
      }
    }
    return singleTrial(ao, ap, m, neurons);
  }

  public static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  private static void check(float[] o, float[] p, int trials, int neurons) {
    if (o.length != (long) trials * neurons || p.length != (long) trials * neurons) {
      throw new IllegalArgumentException("expected " + trials + "x" + neurons + " observed and predicted values, got "
          + o.length + " and " + p.length);
    }
  }
}
