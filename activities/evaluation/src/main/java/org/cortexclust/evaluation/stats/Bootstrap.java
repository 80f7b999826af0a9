package org.cortexclust.evaluation.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap intervals (Efron &amp; Tibshirani 1993, ch. 13) and the three-way verdict built on them:
 * a difference is called "better" or "worse" only when its interval excludes zero. Every resampling takes its seed
 * from the caller (the config seed), so the same inputs give the same interval.
 */
public final class Bootstrap {
  /** Resamples of every interval in the reports. */
  public static final int RESAMPLES = 1000;

  private Bootstrap() {}

  /**
   * An estimate with its interval.
   *
   * @param estimate  the statistic on the full sample
   * @param lo        lower bound (NaN when the sample is too small for an interval)
   * @param hi        upper bound
   * @param n         sample size the statistic is computed on (neurons, seeds or seed pairs)
   * @param level     coverage of the interval (e.g. 0.95, or 1 − 0.05/m after a Bonferroni correction)
   * @param unit      what was resampled, e.g. "neurons", "seeds"
   */
  public record Interval(double estimate, double lo, double hi, int n, double level, String unit) {
    public boolean hasInterval() {
      return Double.isFinite(lo) && Double.isFinite(hi);
    }

    /** +1 when the interval lies above zero, −1 below, 0 when it contains zero or is missing. */
    public int sign() {
      if (!hasInterval()) {
        return 0;
      }
      return lo > 0 ? 1 : hi < 0 ? -1 : 0;
    }

    /** "estimate [lo, hi]" with {@code digits} significant digits. */
    public String text(int digits) {
      String e = fmt(estimate, digits);
      return hasInterval() ? e + " [" + fmt(lo, digits) + ", " + fmt(hi, digits) + "]" : e + " [no interval]";
    }

    /** "95 % interval over 200 neurons" (or "no interval (n = 1 seeds)"). */
    public String describe() {
      String lvl = fmt(100 * level, 3).replace("+", "") + " %";
      return hasInterval() ? lvl + " interval over " + n + " " + unit : "no interval (n = " + n + " " + unit + ")";
    }

    private static String fmt(double v, int digits) {
      if (Double.isNaN(v)) {
        return "n/a";
      }
      if (v == 0) {
        return "0";
      }
      String s = String.format(java.util.Locale.ROOT, "%." + digits + "g", v);
      if (s.contains("e") || s.contains("E")) {
        return s;
      }
      if (s.contains(".")) {
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
      }
      return (v > 0 ? "+" : "") + s.replace('-', '−');
    }
  }

  /** Verdict words: a difference is better/worse only when its interval excludes zero. */
  public enum Verdict {
    BETTER("better"), WORSE("worse"), NO_CLEAR_CHANGE("no clear change");

    private final String words;

    Verdict(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }

    /** From an interval of (after − before) of a larger-is-better statistic. */
    public static Verdict of(Interval i) {
      return switch (i.sign()) {
        case 1 -> BETTER;
        case -1 -> WORSE;
        default -> NO_CLEAR_CHANGE;
      };
    }

    /** Several like-for-like comparisons: better (worse) only when every one of them says so. */
    public static Verdict all(java.util.List<Interval> is) {
      if (is.isEmpty()) {
        return NO_CLEAR_CHANGE;
      }
      int s = is.get(0).sign();
      for (Interval i : is) {
        if (i.sign() != s) {
          return NO_CLEAR_CHANGE;
        }
      }
      return s > 0 ? BETTER : s < 0 ? WORSE : NO_CLEAR_CHANGE;
    }
  }

  /** Per-comparison coverage after a Bonferroni correction of family level {@code 1 − alpha} over m comparisons. */
  public static double bonferroni(double alpha, int m) {
    return 1 - alpha / Math.max(1, m);
  }

  /** Below this many values a mean's interval is Student's t, not the bootstrap (which is too narrow for a few seeds). */
  public static final int SMALL = 20;

  /**
   * Interval of the mean of the finite values of {@code v} (e.g. paired differences per neuron or per seed): the
   * percentile bootstrap, or with fewer than {@link #SMALL} values Student's t interval mean ± t·sd/√n (with 3 seeds a
   * bootstrap has only 10 distinct resamples and covers far less than it claims).
   */
  public static Interval mean(double[] v, double level, long seed, String unit) {
    double[] x = Arrays.stream(v).filter(Double::isFinite).toArray();
    if (x.length < SMALL) {
      int n = x.length;
      double m = Arrays.stream(x).average().orElse(Double.NaN);
      if (n < 2) {
        return new Interval(m, Double.NaN, Double.NaN, n, level, unit);
      }
      double ss = 0;
      for (double a : x) {
        ss += (a - m) * (a - m);
      }
      double half = StudentT.quantile(1 - (1 - level) / 2, n - 1) * Math.sqrt(ss / (n - 1) / n);
      return new Interval(m, m - half, m + half, n, level, unit + ", Student t");
    }
    return statistic(x.length, idx -> {
      double s = 0;
      for (int i : idx) {
        s += x[i];
      }
      return s / idx.length;
    }, level, seed, unit);
  }

  /**
   * Interval of mean(a) − mean(b) for two independent samples (e.g. the seeds of two configurations), each resampled
   * on its own (Welch's t interval when the smaller sample has fewer than {@link #SMALL}); n is the smaller sample.
   * Missing with fewer than 2 values on either side.
   */
  public static Interval difference(double[] a, double[] b, double level, long seed, String unit) {
    double[] x = Arrays.stream(a).filter(Double::isFinite).toArray();
    double[] y = Arrays.stream(b).filter(Double::isFinite).toArray();
    double est = Arrays.stream(x).average().orElse(Double.NaN) - Arrays.stream(y).average().orElse(Double.NaN);
    int n = Math.min(x.length, y.length);
    if (n < 2) {
      return new Interval(est, Double.NaN, Double.NaN, n, level, unit);
    }
    if (n < SMALL) {
      // Welch's t interval (unequal variances, Welch–Satterthwaite degrees of freedom)
      double vx = variance(x) / x.length;
      double vy = variance(y) / y.length;
      double se = Math.sqrt(vx + vy);
      double df = se == 0 ? x.length + y.length - 2
          : (vx + vy) * (vx + vy) / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
      double half = StudentT.quantile(1 - (1 - level) / 2, df) * se;
      return new Interval(est, est - half, est + half, n, level, unit + ", Welch t");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] d = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      double sx = 0;
      for (int i = 0; i < x.length; i++) {
        sx += x[rng.nextInt(x.length)];
      }
      double sy = 0;
      for (int i = 0; i < y.length; i++) {
        sy += y[rng.nextInt(y.length)];
      }
      d[r] = sx / x.length - sy / y.length;
    }
    Arrays.sort(d);
    double tail = (1 - level) / 2;
    return new Interval(est, quantile(d, tail), quantile(d, 1 - tail), n, level, unit);
  }

  /**
   * Interval of any statistic of a sample of n units: {@code stat} receives the indices of one resample (with
   * repetition; the identity 0..n−1 for the estimate). With n &lt; 2 the interval is missing.
   */
  public static Interval statistic(int n, ToDoubleFunction<int[]> stat, double level, long seed, String unit) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    double est = n == 0 ? Double.NaN : stat.applyAsDouble(all);
    if (n < 2) {
      return new Interval(est, Double.NaN, Double.NaN, n, level, unit);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] b = new double[RESAMPLES];
    int[] idx = new int[n];
    int m = 0;
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(n);
      }
      double v = stat.applyAsDouble(idx);
      if (Double.isFinite(v)) {
        b[m++] = v;
      }
    }
    if (m < RESAMPLES / 2) {
      return new Interval(est, Double.NaN, Double.NaN, n, level, unit);
    }
    double[] s = Arrays.copyOf(b, m);
    Arrays.sort(s);
    double tail = (1 - level) / 2;
    return new Interval(est, quantile(s, tail), quantile(s, 1 - tail), n, level, unit);
  }

  static double variance(double[] x) {
    double m = Arrays.stream(x).average().orElse(Double.NaN);
    double ss = 0;
    for (double a : x) {
      ss += (a - m) * (a - m);
    }
    return ss / (x.length - 1);
  }

  /** Type-7 quantile of sorted values. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
