package org.cortexclust.evaluation.stats;

/** Pearson and Spearman correlation coefficients. */
public final class Correlation {
  private Correlation() {}

  /** Pearson r (two-pass, centred); NaN when either variable is constant. */
  public static double pearson(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("correlation: x has " + x.length + " values, y has " + y.length);
    }
    if (x.length < 2) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  /** Spearman ρ: Pearson r of the average ranks (correct with ties). */
  public static double spearman(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("correlation: x has " + x.length + " values, y has " + y.length);
    }
    return pearson(Ranks.average(x), Ranks.average(y));
  }
}
