package org.cortexclust.clustering.gmm;

import java.util.Locale;
import java.util.stream.IntStream;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.linalg.Cholesky;
import org.cortexclust.common.progress.Progress;

/**
 * Gaussian mixture fitted by EM (Dempster, Laird & Rubin 1977), full or diagonal covariances, initialised from
 * k-means (k-means++ with restarts), covariance regularised by {@code regCovar·I} (sklearn convention). Model
 * selection by {@code BIC = −2 log L̂ + p log n} with {@code p = k·d + k·d(d+1)/2 + (k−1)} (full) or
 * {@code p = 2·k·d + (k−1)} (diagonal) (science.md §10). Responsibilities below 1e-12 are skipped in the
 * covariance sums (their contribution is far below {@code regCovar}).
 */
public final class GaussianMixture {
  private GaussianMixture() {}

  public enum Covariance {
    FULL,
    DIAGONAL;

    public static Covariance parse(String s, String key) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "full" -> FULL;
        case "diag", "diagonal" -> DIAGONAL;
        default -> throw new IllegalArgumentException(key + ": expected 'full' or 'diag', got '" + s + "'");
      };
    }
  }

  /**
   * @param k               components
   * @param covariance      FULL or DIAGONAL
   * @param maxIterations   EM iterations
   * @param tolerance       stop when the mean log-likelihood per point changes by less than this
   * @param regCovar        added to the covariance diagonal
   * @param kmeansRestarts  restarts of the k-means initialisation
   * @param seed            random seed
   */
  public record Options(int k, Covariance covariance, int maxIterations, double tolerance, double regCovar, int kmeansRestarts, long seed) {
    public Options {
      if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0");
      if (!(regCovar >= 0)) throw new IllegalArgumentException("regCovar must be >= 0");
      if (kmeansRestarts < 1) throw new IllegalArgumentException("kmeansRestarts must be >= 1");
    }

    /** Defaults (as scikit-learn): 100 iterations, tolerance 1e-3, regCovar 1e-6, one k-means initialisation. */
    public static Options of(int k, Covariance cov, long seed) {
      return new Options(k, cov, 100, 1e-3, 1e-6, 1, seed);
    }
  }

  /**
   * @param labels        most responsible component per point
   * @param weights       mixing weights π_j
   * @param means         k × d
   * @param covariances   FULL: k × d × d; DIAGONAL: k × 1 × d (the diagonal)
   * @param logLikelihood total log-likelihood log L̂
   * @param bic           −2 log L̂ + p log n
   * @param aic           −2 log L̂ + 2p
   * @param parameters    p
   */
  public record Result(
      int[] labels, double[] weights, double[][] means, double[][][] covariances, double logLikelihood, double bic,
      double aic, int parameters, int iterations, boolean converged) {}

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    int n = x.length, d = x[0].length, k = o.k();
    if (n < k) throw new IllegalArgumentException("k (" + k + ") exceeds the number of points (" + n + ")");
    KMeans.Result init = KMeans.fit(x, KMeans.Options.of(k, o.seed()).withRestarts(o.kmeansRestarts()));
    double[][] resp = new double[n][k];
    for (int i = 0; i < n; i++) resp[i][init.labels()[i]] = 1;
    double[] w = new double[k];
    double[][] mu = new double[k][d];
    double[][][] cov = new double[k][][];
    mStep(x, resp, o, w, mu, cov);
    double prev = Double.NEGATIVE_INFINITY, ll = 0;
    int it = 0;
    boolean converged = false;
    while (it < o.maxIterations()) {
      it++;
      ll = eStep(x, w, mu, cov, o.covariance(), resp);
      if (Math.abs(ll - prev) / n < o.tolerance()) {
        converged = true;
        break;
      }
      prev = ll;
      mStep(x, resp, o, w, mu, cov);
      progress.report("gmm", it, o.maxIterations(), java.util.Map.of("loglik_per_point", ll / n));
    }
    int[] lab = new int[n];
    for (int i = 0; i < n; i++) {
      int b = 0;
      for (int j = 1; j < k; j++) if (resp[i][j] > resp[i][b]) b = j;
      lab[i] = b;
    }
    int p = parameters(k, d, o.covariance());
    return new Result(lab, w, mu, cov, ll, -2 * ll + p * Math.log(n), -2 * ll + 2 * p, p, it, converged);
  }

  /** Free parameters of the model (science.md §10). */
  public static int parameters(int k, int d, Covariance c) {
    return c == Covariance.FULL ? k * d + k * d * (d + 1) / 2 + (k - 1) : 2 * k * d + (k - 1);
  }

  /** Responsibilities (in place) and total log-likelihood. */
  static double eStep(double[][] x, double[] w, double[][] mu, double[][][] cov, Covariance type, double[][] resp) {
    int n = x.length, d = x[0].length, k = w.length;
    double log2pi = Math.log(2 * Math.PI);
    Cholesky[] ch = new Cholesky[k];
    double[] logNorm = new double[k];
    for (int j = 0; j < k; j++) {
      if (type == Covariance.FULL) {
        ch[j] = Cholesky.of(cov[j]);
        logNorm[j] = Math.log(w[j]) - 0.5 * (d * log2pi + ch[j].logDet());
      } else {
        double ld = 0;
        for (double v : cov[j][0]) ld += Math.log(v);
        logNorm[j] = Math.log(w[j]) - 0.5 * (d * log2pi + ld);
      }
    }
    double[] rowLl = new double[n];
    IntStream.range(0, n).parallel().forEach(i -> {
      double[] r = resp[i], diff = new double[d];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double maha = 0;
        if (type == Covariance.FULL) {
          for (int f = 0; f < d; f++) diff[f] = x[i][f] - mu[j][f];
          ch[j].forwardInPlace(diff);
          for (int f = 0; f < d; f++) maha += diff[f] * diff[f];
        } else {
          double[] var = cov[j][0];
          for (int f = 0; f < d; f++) {
            double t = x[i][f] - mu[j][f];
            maha += t * t / var[f];
          }
        }
        r[j] = w[j] > 0 ? logNorm[j] - 0.5 * maha : Double.NEGATIVE_INFINITY;
        max = Math.max(max, r[j]);
      }
      double s = 0;
      for (int j = 0; j < k; j++) s += Math.exp(r[j] - max);
      double lse = max + Math.log(s);
      for (int j = 0; j < k; j++) r[j] = Math.exp(r[j] - lse);
      rowLl[i] = lse;
    });
    double ll = 0;
    for (double v : rowLl) ll += v;
    return ll;
  }

  static void mStep(double[][] x, double[][] resp, Options o, double[] w, double[][] mu, double[][][] cov) {
    int n = x.length, d = x[0].length, k = w.length;
    IntStream.range(0, k).parallel().forEach(j -> {
      double nk = 0;
      double[] m = new double[d];
      for (int i = 0; i < n; i++) {
        double r = resp[i][j];
        if (r == 0) continue;
        nk += r;
        for (int f = 0; f < d; f++) m[f] += r * x[i][f];
      }
      double denom = Math.max(nk, 10 * Double.MIN_NORMAL);
      for (int f = 0; f < d; f++) m[f] /= denom;
      w[j] = nk / n;
      mu[j] = m;
      double[] diff = new double[d];
      if (o.covariance() == Covariance.FULL) {
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++) {
          double r = resp[i][j];
          if (r < 1e-12) continue;
          for (int f = 0; f < d; f++) diff[f] = x[i][f] - m[f];
          for (int a = 0; a < d; a++) {
            double ra = r * diff[a];
            double[] ca = c[a];
            for (int b = 0; b <= a; b++) ca[b] += ra * diff[b];
          }
        }
        for (int a = 0; a < d; a++) {
          for (int b = 0; b <= a; b++) {
            double v = c[a][b] / denom;
            c[a][b] = v;
            c[b][a] = v;
          }
          c[a][a] += o.regCovar();
        }
        cov[j] = c;
      } else {
        double[] v = new double[d];
        for (int i = 0; i < n; i++) {
          double r = resp[i][j];
          if (r < 1e-12) continue;
          for (int f = 0; f < d; f++) {
            double t = x[i][f] - m[f];
            v[f] += r * t * t;
          }
        }
        for (int f = 0; f < d; f++) v[f] = v[f] / denom + o.regCovar();
        cov[j] = new double[][] {v};
      }
    });
  }
}
