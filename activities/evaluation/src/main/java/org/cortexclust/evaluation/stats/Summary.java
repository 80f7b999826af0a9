package org.cortexclust.evaluation.stats;

import java.util.Arrays;

/**
 * Distribution summary of one sample: quartiles by linear interpolation between order statistics (Hyndman &amp;
 * Fan 1996 type 7, the default of R and NumPy) and Tukey whiskers (most extreme data within 1.5 IQR).
 */
public record Summary(
    int n,
    double mean,
    double sd,
    double min,
    double q1,
    double median,
    double q3,
    double max,
    double whiskerLow,
    double whiskerHigh,
    double[] outliers) {

  public double iqr() {
    return q3 - q1;
  }

  /** Summary of the finite values of {@code x}; all fields NaN when none is finite. */
  public static Summary of(double[] x) {
    double[] s = Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
    int n = s.length;
    if (n == 0) {
      double nan = Double.NaN;
      return new Summary(0, nan, nan, nan, nan, nan, nan, nan, nan, nan, new double[0]);
    }
    double mean = Arrays.stream(s).sum() / n;
    double ss = 0;
    for (double v : s) {
      ss += (v - mean) * (v - mean);
    }
    double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
    double q1 = quantileSorted(s, 0.25);
    double q3 = quantileSorted(s, 0.75);
    double lo = q1 - 1.5 * (q3 - q1);
    double hi = q3 + 1.5 * (q3 - q1);
    double wl = Arrays.stream(s).filter(v -> v >= lo).min().orElse(s[0]);
    double wh = Arrays.stream(s).filter(v -> v <= hi).max().orElse(s[n - 1]);
    double[] out = Arrays.stream(s).filter(v -> v < lo || v > hi).toArray();
    return new Summary(n, mean, sd, s[0], q1, quantileSorted(s, 0.5), q3, s[n - 1], wl, wh, out);
  }

  /** Type-7 quantile of ascending {@code sorted}: h = (n−1)p, linear between x[⌊h⌋] and x[⌊h⌋+1]. */
  public static double quantileSorted(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  public static double quantile(double[] x, double p) {
    return quantileSorted(Arrays.stream(x).filter(Double::isFinite).sorted().toArray(), p);
  }
}
