package org.cortexclust.evaluation.stats;

/** Student's t distribution: CDF by Simpson integration of the density, quantile by bisection (any df ≥ 1). */
public final class StudentT {
  private StudentT() {}

  public static double cdf(double t, double df) {
    if (t < 0) {
      return 1 - cdf(-t, df);
    }
    // substitute u = atan(x/√df) so the integral runs over a finite range: density in u is
    // c·cos(u)^(df−1) with c = Γ((df+1)/2)/(√π Γ(df/2))
    double c = Math.exp(SpecialFunctions.logGamma((df + 1) / 2) - SpecialFunctions.logGamma(df / 2)) / Math.sqrt(Math.PI);
    double b = Math.atan(t / Math.sqrt(df));
    int steps = 2000;
    double h = b / steps;
    double sum = 0;
    for (int i = 0; i <= steps; i++) {
      double w = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
      sum += w * Math.pow(Math.cos(i * h), df - 1);
    }
    return 0.5 + c * sum * h / 3;
  }

  /** The p-quantile (0 &lt; p &lt; 1). */
  public static double quantile(double p, double df) {
    if (p < 0.5) {
      return -quantile(1 - p, df);
    }
    double lo = 0;
    double hi = 1;
    while (cdf(hi, df) < p) {
      hi *= 2;
    }
    for (int i = 0; i < 100 && hi - lo > 1e-10 * Math.max(1, hi); i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }
}
