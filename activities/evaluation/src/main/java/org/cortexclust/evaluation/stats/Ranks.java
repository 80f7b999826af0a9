package org.cortexclust.evaluation.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Average ("mid") ranks, 1-based, with the sizes of tie groups needed by tie corrections. */
public final class Ranks {
  private Ranks() {}

  /**
   * Ranks of {@code x} (1 = smallest); tied values share the mean of the ranks they occupy.
   *
   * @param x          finite values
   * @param tieSizes   if not null, receives Σ (t³ − t) over tie groups in element 0
   */
  public static double[] average(double[] x, double[] tieSizes) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("ranks need finite values; element " + i + " is " + x[i]);
      }
    }
    Integer[] order = IntStream.range(0, x.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
    double[] r = new double[x.length];
    double ties = 0;
    int i = 0;
    while (i < x.length) {
      int j = i;
      while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int m = i; m <= j; m++) {
        r[order[m]] = mid;
      }
      double t = j - i + 1;
      ties += t * t * t - t;
      i = j + 1;
    }
    if (tieSizes != null) {
      tieSizes[0] = ties;
    }
    return r;
  }

  public static double[] average(double[] x) {
    return average(x, null);
  }
}
