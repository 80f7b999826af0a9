package org.cortexclust.evaluation.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;

/**
 * How much more clustered the embeddings are than a structureless cloud of the same shape: a number for "high-density
 * modes" (issue 21 §2). The statistic S is the best k-means silhouette over a fixed k grid; the null reference is a
 * Gaussian with the embeddings' own mean and covariance (one mode, same spread and correlations), scored with the
 * same statistic at the same sample size. Each of {@link #REPLICATES} replicates draws a subsample of m neurons
 * (without replacement; m = min(N/2, {@link #MAX_POINTS})) and m Gaussian points; the index is the mean of
 * S(subsample) − S(Gaussian), its interval the 2.5–97.5 % range of the replicate differences (the spread of the
 * statistic at size m, hence conservative for all N neurons). Index &gt; 0 with the interval above zero: more
 * modal than one Gaussian. Seeded from the config.
 *
 * @param index      mean replicate difference S(data) − S(null)
 * @param lo         2.5 % quantile of the replicate differences
 * @param hi         97.5 % quantile
 * @param dataS      mean S of the data subsamples
 * @param nullS      mean S of the Gaussian samples
 * @param points     m, points per replicate
 * @param neurons    N
 * @param replicates replicates
 * @param ks         k grid of the statistic
 */
public record StructureIndex(double index, double lo, double hi, double dataS, double nullS, int points, int neurons,
    int replicates, int[] ks) {
  public static final int REPLICATES = 40;
  public static final int MAX_POINTS = 400;
  static final int[] GRID = {2, 3, 4, 6, 8};

  public Bootstrap.Interval interval() {
    return new Bootstrap.Interval(index, lo, hi, neurons, 0.95, "neurons (" + replicates + " half-samples)");
  }

  /** The index of the rows of {@code x} (N × d); null with fewer than 20 rows. */
  public static StructureIndex of(double[][] x, long seed) {
    int n = x.length;
    if (n < 20) {
      return null;
    }
    int d = x[0].length;
    int m = Math.min(n / 2, MAX_POINTS);
    List<Integer> grid = new ArrayList<>();
    for (int k : GRID) {
      if (k <= m / 5) {
        grid.add(k);
      }
    }
    if (grid.isEmpty()) {
      grid.add(2);
    }
    int[] ks = grid.stream().mapToInt(Integer::intValue).toArray();
    double[] mean = new double[d];
    for (double[] r : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (double[] r : x) {
      for (int a = 0; a < d; a++) {
        double da = r[a] - mean[a];
        for (int b = 0; b <= a; b++) {
          cov[a][b] += da * (r[b] - mean[b]) / (n - 1);
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < d; a++) {
      trace += cov[a][a];
    }
    double[][] l = cholesky(cov, 1e-9 * Math.max(trace / d, 1e-300));
    SplittableRandom rng = new SplittableRandom(seed);
    double[] diff = new double[REPLICATES];
    double sData = 0;
    double sNull = 0;
    for (int r = 0; r < REPLICATES; r++) {
      int[] idx = ClusterMetrics.sampleIndices(n, m, rng.nextLong());
      double[][] sub = new double[m][];
      for (int i = 0; i < m; i++) {
        sub[i] = x[idx[i]];
      }
      double[][] g = new double[m][d];
      double[] z = new double[d];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < d; j++) {
          z[j] = gaussian(rng);
        }
        for (int a = 0; a < d; a++) {
          double v = mean[a];
          for (int b = 0; b <= a; b++) {
            v += l[a][b] * z[b];
          }
          g[i][a] = v;
        }
      }
      long fit = rng.nextLong();
      double a = best(sub, ks, fit);
      double b = best(g, ks, fit);
      diff[r] = a - b;
      sData += a / REPLICATES;
      sNull += b / REPLICATES;
    }
    double[] s = diff.clone();
    Arrays.sort(s);
    return new StructureIndex(Arrays.stream(diff).average().orElse(Double.NaN), Bootstrap.quantile(s, 0.025),
        Bootstrap.quantile(s, 0.975), sData, sNull, m, n, REPLICATES, ks);
  }

  static double best(double[][] x, int[] ks, long seed) {
    double best = Double.NEGATIVE_INFINITY;
    for (int k : ks) {
      int[] lab = KMeans.fit(x, KMeans.Options.of(k, seed).withRestarts(3)).labels();
      double s = ClusterMetrics.silhouette(x, lab);
      if (Double.isFinite(s)) {
        best = Math.max(best, s);
      }
    }
    return best == Double.NEGATIVE_INFINITY ? Double.NaN : best;
  }

  /** Lower Cholesky factor of the lower triangle of {@code a} + ridge·I (ridge grows until it is positive definite). */
  static double[][] cholesky(double[][] a, double ridge) {
    int d = a.length;
    for (double eps = ridge; ; eps *= 10) {
      double[][] l = new double[d][d];
      boolean ok = true;
      for (int i = 0; i < d && ok; i++) {
        for (int j = 0; j <= i; j++) {
          double s = a[i][j] + (i == j ? eps : 0);
          for (int k = 0; k < j; k++) {
            s -= l[i][k] * l[j][k];
          }
          if (i == j) {
            if (!(s > 0)) {
              ok = false;
              break;
            }
            l[i][i] = Math.sqrt(s);
          } else {
            l[i][j] = s / l[j][j];
          }
        }
      }
      if (ok) {
        return l;
      }
    }
  }

  /** A standard normal draw (Box–Muller). */
  public static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
