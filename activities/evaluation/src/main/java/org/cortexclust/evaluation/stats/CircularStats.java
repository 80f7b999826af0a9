package org.cortexclust.evaluation.stats;

/**
 * Circular summary of angles with a given period (360° for rotations, 180° for axial orientations): mean
 * direction, mean resultant length R and the Rayleigh test of uniformity (p by Zar 1999, eq. 27.4).
 */
public final class CircularStats {
  /**
   * @param n      finite angles used
   * @param mean   circular mean in [0, period), NaN when R = 0 or n = 0
   * @param length mean resultant length R in [0, 1] (1 = all equal, 0 = balanced)
   * @param rayleighP p-value of the Rayleigh test against a uniform distribution
   */
  public record Result(int n, double mean, double length, double rayleighP) {}

  private CircularStats() {}

  public static Result of(double[] angles, double period) {
    double c = 0;
    double s = 0;
    int n = 0;
    for (double a : angles) {
      if (Double.isFinite(a)) {
        double t = 2 * Math.PI * a / period;
        c += Math.cos(t);
        s += Math.sin(t);
        n++;
      }
    }
    if (n == 0) {
      return new Result(0, Double.NaN, Double.NaN, Double.NaN);
    }
    double rn = Math.hypot(c, s);
    double r = rn / n;
    double mean = r < 1e-12 ? Double.NaN : ((Math.atan2(s, c) * period / (2 * Math.PI)) % period + period) % period;
    // Zar (1999) eq. 27.4: p = exp(√(1 + 4n + 4(n² − R_n²)) − (1 + 2n)).
    double p = Math.exp(Math.sqrt(1 + 4.0 * n + 4 * ((double) n * n - rn * rn)) - (1 + 2.0 * n));
    return new Result(n, mean, Math.min(1, r), Math.min(1, p));
  }
}
