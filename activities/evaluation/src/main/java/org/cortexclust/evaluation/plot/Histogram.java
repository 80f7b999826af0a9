package org.cortexclust.evaluation.plot;

/** Equal-width binning for histograms. */
public final class Histogram {
  /** @param edges bin edges (bins + 1); @param counts count per bin (last bin closed on the right) */
  public record Bins(double[] edges, double[] counts) {}

  private Histogram() {}

  /** {@code bins} equal-width bins over [lo, hi]; non-finite values and values outside are ignored. */
  public static Bins of(double[] x, double lo, double hi, int bins) {
    if (bins < 1 || !(hi > lo)) {
      throw new IllegalArgumentException("histogram needs bins >= 1 and hi > lo, got " + bins + ", [" + lo + ", " + hi + "]");
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + (hi - lo) * i / bins;
    }
    double[] counts = new double[bins];
    for (double v : x) {
      if (Double.isFinite(v) && v >= lo && v <= hi) {
        counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
      }
    }
    return new Bins(edges, counts);
  }

  /** Bins over the data range, with nice bin edges, about {@code target} bins. */
  public static Bins auto(double[] x, int target) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!Double.isFinite(lo)) {
      return new Bins(new double[] {0, 1}, new double[] {0});
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    double step = Ticks.step(hi - lo, target);
    double a = Math.floor(lo / step) * step;
    double b = Math.ceil(hi / step) * step;
    return of(x, a, b, (int) Math.round((b - a) / step));
  }
}
