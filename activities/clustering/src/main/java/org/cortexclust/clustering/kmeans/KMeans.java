package org.cortexclust.clustering.kmeans;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cortexclust.common.progress.Progress;

/**
 * k-means (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007) and restarts; the run with the lowest
 * within-cluster sum of squares wins. Pure Java, parallel over points, deterministic for a given seed (each restart
 * draws from its own {@code SplittableRandom} split). Empty clusters are re-seeded with the point farthest from its
 * centre.
 */
public final class KMeans {
  private KMeans() {}

  /**
   * @param k             number of clusters
   * @param restarts      independent k-means++ starts (best objective kept)
   * @param maxIterations Lloyd iterations per start
   * @param tolerance     stop when the relative decrease of the objective is below this
   * @param seed          random seed
   */
  public record Options(int k, int restarts, int maxIterations, double tolerance, long seed) {
    public Options {
      if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }

    /** Defaults: 10 restarts, 300 iterations, tolerance 1e-6 (relative objective change). */
    public static Options of(int k, long seed) {
      return new Options(k, 10, 300, 1e-6, seed);
    }

    public Options withRestarts(int r) {
      return new Options(k, r, maxIterations, tolerance, seed);
    }
  }

  /**
   * @param labels     cluster of each point in [0, k)
   * @param centres    k × d centroids
   * @param objective  within-cluster sum of squared distances (inertia)
   * @param iterations Lloyd iterations of the winning restart
   * @param converged  whether the winning restart met the tolerance before maxIterations
   */
  public record Result(int[] labels, double[][] centres, double objective, int iterations, boolean converged) {}

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    int n = x.length;
    if (n < o.k()) throw new IllegalArgumentException("k (" + o.k() + ") exceeds the number of points (" + n + ")");
    SplittableRandom root = new SplittableRandom(o.seed());
    Result best = null;
    for (int r = 0; r < o.restarts(); r++) {
      SplittableRandom rng = root.split();
      Result res = lloyd(x, plusPlus(x, o.k(), rng), o);
      if (best == null || res.objective() < best.objective()) best = res;
      progress.report("kmeans", r + 1, o.restarts(), java.util.Map.of("inertia", best.objective()));
    }
    return best;
  }

  /** Lloyd iterations from given centres (copied). */
  public static Result lloyd(double[][] x, double[][] init, Options o) {
    int n = x.length, k = init.length, d = x[0].length;
    double[][] c = new double[k][];
    for (int j = 0; j < k; j++) c[j] = init[j].clone();
    int[] lab = new int[n];
    double[] dist = new double[n];
    double prev = Double.POSITIVE_INFINITY, obj = 0;
    int it = 0;
    boolean converged = false;
    while (it < o.maxIterations()) {
      it++;
      assign(x, c, lab, dist);
      obj = 0;
      for (double v : dist) obj += v;
      if (prev - obj <= o.tolerance() * Math.max(obj, 1e-300)) {
        converged = true;
        break;
      }
      prev = obj;
      // update step
      double[][] sum = new double[k][d];
      int[] cnt = new int[k];
      for (int i = 0; i < n; i++) {
        cnt[lab[i]]++;
        double[] s = sum[lab[i]], xi = x[i];
        for (int f = 0; f < d; f++) s[f] += xi[f];
      }
      for (int j = 0; j < k; j++) {
        if (cnt[j] == 0) {
          // re-seed an empty cluster with the point farthest from its centre
          int far = 0;
          for (int i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
          c[j] = x[far].clone();
          dist[far] = 0;
        } else {
          for (int f = 0; f < d; f++) c[j][f] = sum[j][f] / cnt[j];
        }
      }
    }
    assign(x, c, lab, dist);
    obj = 0;
    for (double v : dist) obj += v;
    return new Result(lab, c, obj, it, converged);
  }

  /**
   * Nearest centre of every point (ties → smaller index); dist = squared distance. Distances are
   * {@code ‖x‖² − 2⟨x, c⟩ + ‖c‖²} with the inner products accumulated over a transposed centre matrix, so the
   * innermost loop runs over centres (vectorisable); the winner's distance is then recomputed exactly.
   */
  public static void assign(double[][] x, double[][] c, int[] lab, double[] dist) {
    int n = x.length, k = c.length, d = c[0].length;
    double[][] ct = new double[d][k];
    double[] cn = new double[k];
    for (int j = 0; j < k; j++) {
      for (int f = 0; f < d; f++) {
        ct[f][j] = c[j][f];
        cn[j] += c[j][f] * c[j][f];
      }
    }
    IntStream.range(0, (n + 255) / 256).parallel().forEach(b -> {
      int lo = b * 256, hi = Math.min(n, lo + 256);
      double[] acc = new double[k];
      for (int i = lo; i < hi; i++) {
        double[] xi = x[i];
        java.util.Arrays.fill(acc, 0);
        for (int f = 0; f < d; f++) {
          double xv = xi[f];
          double[] row = ct[f];
          for (int j = 0; j < k; j++) acc[j] += xv * row[j];
        }
        int bj = 0;
        double bv = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          double v = cn[j] - 2 * acc[j];
          if (v < bv) {
            bv = v;
            bj = j;
          }
        }
        double[] cj = c[bj];
        double s = 0;
        for (int f = 0; f < d; f++) {
          double t = xi[f] - cj[f];
          s += t * t;
        }
        lab[i] = bj;
        dist[i] = s;
      }
    });
  }

  /**
   * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, §5 "greedy" variant as in scikit-learn): each next centre
   * is the best, by resulting potential Σ_i min_j ‖x_i − c_j‖², of {@code 2 + ⌊ln k⌋} candidates drawn with
   * probability ∝ squared distance to the nearest chosen centre.
   */
  public static double[][] plusPlus(double[][] x, int k, SplittableRandom rng) {
    int n = x.length;
    int trials = 2 + (int) Math.log(k);
    double[][] c = new double[k][];
    c[0] = x[rng.nextInt(n)].clone();
    double[] d2 = new double[n];
    IntStream.range(0, n).parallel().forEach(i -> d2[i] = sq(x[i], c[0]));
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (double v : d2) total += v;
      int[] cand = new int[trials];
      for (int t = 0; t < trials; t++) cand[t] = total > 0 ? sample(d2, total, rng) : rng.nextInt(n);
      double bestPot = Double.POSITIVE_INFINITY;
      double[] bestD2 = null;
      int best = cand[0];
      for (int t = 0; t < trials; t++) {
        double[] ct = x[cand[t]];
        double[] nd = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> nd[i] = Math.min(d2[i], sq(x[i], ct)));
        double pot = 0;
        for (double v : nd) pot += v;
        if (pot < bestPot) {
          bestPot = pot;
          bestD2 = nd;
          best = cand[t];
        }
      }
      c[j] = x[best].clone();
      System.arraycopy(bestD2, 0, d2, 0, n);
    }
    return c;
  }

  private static int sample(double[] w, double total, SplittableRandom rng) {
    double u = rng.nextDouble() * total, acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i];
      if (acc >= u && w[i] > 0) return i;
    }
    for (int i = w.length - 1; i >= 0; i--) if (w[i] > 0) return i;
    return w.length - 1;
  }

  private static double sq(double[] a, double[] b) {
    double s = 0;
    for (int f = 0; f < a.length; f++) {
      double t = a[f] - b[f];
      s += t * t;
    }
    return s;
  }
}
