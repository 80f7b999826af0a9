package org.cortexclust.evaluation.plot;

import java.util.ArrayList;
import java.util.List;

/** "Nice" axis ticks: steps of 1, 2 or 5 × 10^e (Heckbert 1990), and decade ticks for log axes. */
public final class Ticks {
  private Ticks() {}

  /** Nice step for covering {@code range} with about {@code target} intervals. */
  public static double step(double range, int target) {
    if (!(range > 0)) {
      return 1;
    }
    double raw = range / Math.max(1, target);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return nice * mag;
  }

  /** Ticks k·step inside [lo, hi] (with a tolerance for rounding). */
  public static List<Double> linear(double lo, double hi, double step) {
    List<Double> t = new ArrayList<>();
    double first = Math.ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9; v += step) {
      t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      if (t.size() > 1000) {
        break;
      }
    }
    return t;
  }

  /** Decimal places needed to print multiples of {@code step} exactly. */
  public static int decimals(double step) {
    int d = 0;
    while (d < 10 && Math.abs(step * Math.pow(10, d) - Math.rint(step * Math.pow(10, d))) > 1e-9 * Math.pow(10, d)) {
      d++;
    }
    return d;
  }
}
