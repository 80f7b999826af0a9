package org.cortexclust.clustering.gmm;

import java.util.Locale;
import java.util.stream.IntStream;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.linalg.Rows;
import org.cortexclust.clustering.linalg.BlockedDots;
import org.cortexclust.clustering.linalg.Cholesky;
import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.common.progress.Progress;

/**
 * Gaussian mixture fitted by EM (Dempster, Laird & Rubin 1977), full or diagonal covariances, initialised from
 * k-means (k-means++ with restarts), covariance regularised by {@code regCovar·I} (sklearn convention). Model
 * selection by {@code BIC = −2 log L̂ + p log n} with {@code p = k·d + k·d(d+1)/2 + (k−1)} (full) or
 * {@code p = 2·k·d + (k−1)} (diagonal) (docs/science.md §10). Responsibilities below 1e-12 are skipped in the mean and
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
   * @param covariance    FULL or DIAGONAL (the covariance type of {@code covariances})
   * @param responsibilities n × k posterior of each component per point (the soft assignment; labels are its argmax)
   */
  public record Result(
      int[] labels, double[] weights, double[][] means, double[][][] covariances, double logLikelihood, double bic,
      double aic, int parameters, int iterations, boolean converged, Covariance covariance, double[][] responsibilities) {

    /** Posterior of each component for new points (n × k), under this fitted mixture. */
    public double[][] predictProba(double[][] x) {
      double[][] resp = new double[x.length][weights.length];
      eStep(x, weights, means, covariances, covariance, resp, DotKernel.get());
      return resp;
    }

    /** Most probable component of each new point. */
    public int[] predict(double[][] x) {
      double[][] resp = predictProba(x);
      int[] lab = new int[x.length];
      for (int i = 0; i < x.length; i++) {
        int b = 0;
        for (int j = 1; j < resp[i].length; j++) if (resp[i][j] > resp[i][b]) b = j;
        lab[i] = b;
      }
      return lab;
    }
  }

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    return fit(x, o, progress, DotKernel.get());
  }

  /**
   * {@link #fit(double[][], Options, Progress)} with the products of {@code kernel} (the k-means initialisation and,
   * diagonal, the E-step; the full E-step's triangular products stay in {@link BlockedDots}).
   */
  public static Result fit(double[][] x, Options o, Progress progress, DotKernel kernel) {
    return fit(Rows.copyOf(x), o, progress, kernel);
  }

  /** {@link #fit(double[][], Options, Progress, DotKernel)} on data already in one row-major array. */
  public static Result fit(Rows x, Options o, Progress progress, DotKernel kernel) {
    int n = x.rows(), d = x.cols(), k = o.k();
    if (n < k) throw new IllegalArgumentException("k (" + k + ") exceeds the number of points (" + n + ")");
    KMeans.Result init = KMeans.fit(x, KMeans.Options.of(k, o.seed()).withRestarts(o.kmeansRestarts()), Progress.NONE, kernel);
    double[][] resp = new double[n][k];
    for (int i = 0; i < n; i++) resp[i][init.labels()[i]] = 1;
    double[] w = new double[k];
    double[][] mu = new double[k][d];
    double[][][] cov = new double[k][][];
    mStep(x, resp, o, w, mu, cov);
    double[] g = mean(x);
    double prev = Double.NEGATIVE_INFINITY, ll = 0;
    int it = 0;
    boolean converged = false;
    while (it < o.maxIterations()) {
      it++;
      ll = eStep(x, g, w, mu, cov, o.covariance(), resp, kernel);
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
    return new Result(lab, w, mu, cov, ll, -2 * ll + p * Math.log(n), -2 * ll + 2 * p, p, it, converged, o.covariance(), resp);
  }

  /** Free parameters of the model (docs/science.md §10). */
  public static int parameters(int k, int d, Covariance c) {
    return c == Covariance.FULL ? k * d + k * d * (d + 1) / 2 + (k - 1) : 2 * k * d + (k - 1);
  }

  /** Points per product of the E-step ({@link #CHUNKS_PER_TASK} per parallel task); fixed, so results do not depend on the number of threads. */
  private static final int CHUNK = 128;

  /**
   * Responsibilities (in place) and total log-likelihood. The Mahalanobis forms are matrix products run blocked
   * ({@link DotKernel}; full: {@link BlockedDots}) on data centred by its mean (less cancellation): diagonal,
   * {@code Σ_f x_f²/σ_f² − 2 x_f μ_f/σ_f² + μ_f²/σ_f²}; full, {@code ‖L⁻¹x − L⁻¹μ‖²} with the triangular factor
   * applied as a product with {@code (L⁻¹)ᵀ}. Parallel over fixed chunks of points, row sums in point order.
   */
  static double eStep(double[][] x, double[] w, double[][] mu, double[][][] cov, Covariance type, double[][] resp,
      DotKernel kernel) {
    Rows xr = Rows.copyOf(x);
    return eStep(xr, mean(xr), w, mu, cov, type, resp, kernel);
  }

  /** Mean of the rows (the centre the E-step's products are taken about; the same for every iteration). */
  static double[] mean(Rows x) {
    int n = x.rows(), d = x.cols();
    double[] a = x.data(), g = new double[d];
    for (int i = 0; i < n; i++) for (int f = 0, o = i * d; f < d; f++) g[f] += a[o + f];
    for (int f = 0; f < d; f++) g[f] /= n;
    return g;
  }

  /** {@link #eStep(double[][], double[][], double[][][], Covariance, double[][], DotKernel)} about {@code g}. */
  static double eStep(Rows x, double[] g, double[] w, double[][] mu, double[][][] cov, Covariance type,
      double[][] resp, DotKernel kernel) {
    int n = x.rows(), d = x.cols(), k = w.length;
    double[] xa = x.data();
    double log2pi = Math.log(2 * Math.PI);
    double[] logNorm = new double[k];
    double[][][] factor = new double[k][][]; // FULL: (L⁻¹)ᵀ per component
    double[][] shiftedMean = new double[k][]; // FULL: L⁻¹(μ − g)
    double[][] diagCols = null; // DIAGONAL: 2d × k, rows [−2(μ − g)/σ² ; 1/σ²]
    double[] diagConst = new double[k]; // DIAGONAL: Σ (μ − g)²/σ²
    if (type == Covariance.DIAGONAL) diagCols = new double[2 * d][k];
    for (int j = 0; j < k; j++) {
      if (type == Covariance.FULL) {
        Cholesky ch = Cholesky.of(cov[j]);
        logNorm[j] = Math.log(w[j]) - 0.5 * (d * log2pi + ch.logDet());
        factor[j] = ch.inverseFactorTransposed();
        double[] mc = new double[d];
        for (int f = 0; f < d; f++) mc[f] = mu[j][f] - g[f];
        double[][] acc = new double[1][d];
        BlockedDots.rowsTimesUpper(new double[][] {mc}, new int[] {0}, 1, factor[j], acc);
        shiftedMean[j] = acc[0];
      } else {
        double ld = 0;
        for (double v : cov[j][0]) ld += Math.log(v);
        logNorm[j] = Math.log(w[j]) - 0.5 * (d * log2pi + ld);
        double[] var = cov[j][0];
        for (int f = 0; f < d; f++) {
          double prec = 1 / var[f], mc = mu[j][f] - g[f];
          diagCols[f][j] = -2 * mc * prec;
          diagCols[d + f][j] = prec;
          diagConst[j] += mc * mc * prec;
        }
      }
    }
    double[] rowLl = new double[n];
    final DotKernel.Columns dc = type == Covariance.DIAGONAL ? kernel.columns(diagCols, k) : null;
    int tasks = (n + CHUNK * CHUNKS_PER_TASK - 1) / (CHUNK * CHUNKS_PER_TASK);
    IntStream.range(0, tasks).parallel().forEach(task -> {
      // buffers per task, reused by its chunks (a point's results do not depend on the grouping)
      int[] rows = BlockedDots.range(0, CHUNK);
      double[][] maha = new double[CHUNK][k];
      double[][] centred = type == Covariance.FULL ? new double[CHUNK][d] : null;
      double[][] y = type == Covariance.FULL ? new double[CHUNK][d] : null;
      Rows feats = type == Covariance.DIAGONAL ? Rows.zeros(CHUNK, 2 * d) : null; // [x − g, (x − g)²]
      for (int lo = task * CHUNK * CHUNKS_PER_TASK, end = Math.min(n, lo + CHUNK * CHUNKS_PER_TASK); lo < end; lo += CHUNK) {
        int m = Math.min(end, lo + CHUNK) - lo;
        if (type == Covariance.FULL) {
          for (int r = 0; r < m; r++) for (int f = 0, o = (lo + r) * d; f < d; f++) centred[r][f] = xa[o + f] - g[f];
          for (int j = 0; j < k; j++) {
            BlockedDots.rowsTimesUpper(centred, rows, m, factor[j], y);
            double[] sm = shiftedMean[j];
            for (int r = 0; r < m; r++) {
              double[] yr = y[r];
              double s = 0;
              for (int f = 0; f < d; f++) {
                double t = yr[f] - sm[f];
                s += t * t;
              }
              maha[r][j] = s;
            }
          }
        } else {
          double[] fa = feats.data();
          for (int r = 0; r < m; r++) {
            for (int f = 0, o = (lo + r) * d, q = r * 2 * d; f < d; f++) {
              double t = xa[o + f] - g[f];
              fa[q + f] = t;
              fa[q + d + f] = t * t;
            }
          }
          dc.rowsTimes(feats, rows, m, maha);
          for (int r = 0; r < m; r++) for (int j = 0; j < k; j++) maha[r][j] = Math.max(0, maha[r][j] + diagConst[j]);
        }
        for (int r = 0; r < m; r++) {
          double[] rr = resp[lo + r];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < k; j++) {
            rr[j] = w[j] > 0 ? logNorm[j] - 0.5 * maha[r][j] : Double.NEGATIVE_INFINITY;
            max = Math.max(max, rr[j]);
          }
          // one exp per entry: r_j = exp(a_j − max) / Σ exp(a − max), log-likelihood max + log Σ
          double s = 0;
          for (int j = 0; j < k; j++) {
            double e = Math.exp(rr[j] - max);
            rr[j] = e;
            s += e;
          }
          double inv = 1 / s;
          for (int j = 0; j < k; j++) rr[j] *= inv;
          rowLl[lo + r] = max + Math.log(s);
        }
      }
    });
    if (dc != null) dc.close();
    double ll = 0;
    for (double v : rowLl) ll += v;
    return ll;
  }

  /** Chunks of {@link #CHUNK} points per parallel task of the E-step (the task's buffers serve them all). */
  private static final int CHUNKS_PER_TASK = 8;

  /**
   * Responsibilities below this are left out of the mean and covariance sums (not of the weights): a point's share
   * of a mean is then off by less than 1e-12 of its distance, far below {@code regCovar}; with separated components
   * most of the n·k responsibilities are that small, so the M-step reads few of them.
   */
  static final double MIN_RESP = 1e-12;

  /** Points per parallel task of the M-step sums (fixed: partial sums are reduced in task order). */
  private static final int MSTEP_CHUNK = 2048;

  /**
   * Weights, means and covariances from the responsibilities. Means (and diagonal variances) are accumulated
   * point by point, so each point's row is read once for all components, in fixed tasks of points reduced in task
   * order; full covariances are accumulated per component (a d×d sum per task would not fit in cache).
   */
  static void mStep(Rows x, double[][] resp, Options o, double[] w, double[][] mu, double[][][] cov) {
    int n = x.rows(), d = x.cols(), k = w.length;
    double[] xa = x.data();
    double[][][] sums = chunkSums(x, resp, null, MIN_RESP);
    double[] nks = new double[k];
    double[][] sx = new double[k][d];
    for (double[][] part : sums) {
      for (int j = 0; j < k; j++) {
        nks[j] += part[j][d];
        for (int f = 0; f < d; f++) sx[j][f] += part[j][f];
      }
    }
    double[] denoms = new double[k];
    for (int j = 0; j < k; j++) {
      denoms[j] = Math.max(nks[j], 10 * Double.MIN_NORMAL);
      double[] m = new double[d];
      for (int f = 0; f < d; f++) m[f] = sx[j][f] / denoms[j];
      w[j] = nks[j] / n;
      mu[j] = m;
    }
    if (o.covariance() == Covariance.DIAGONAL) {
      double[][] v = new double[k][d];
      for (double[][] part : chunkSums(x, resp, mu, MIN_RESP)) for (int j = 0; j < k; j++) for (int f = 0; f < d; f++) v[j][f] += part[j][f];
      for (int j = 0; j < k; j++) {
        for (int f = 0; f < d; f++) v[j][f] = v[j][f] / denoms[j] + o.regCovar();
        cov[j] = new double[][] {v[j]};
      }
      return;
    }
    IntStream.range(0, k).parallel().forEach(j -> {
      double[] m = mu[j], diff = new double[d];
      double denom = denoms[j];
      double[][] c = new double[d][d];
      for (int i = 0; i < n; i++) {
        double r = resp[i][j];
        if (r < 1e-12) continue;
        for (int f = 0, q = i * d; f < d; f++) diff[f] = xa[q + f] - m[f];
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
    });
  }

  /**
   * Per task of {@link #MSTEP_CHUNK} points: {@code means == null}: {@code Σ r_ij x_i} over responsibilities of at
   * least {@code minResp} in columns {@code [0, d)} and {@code Σ r_ij} over all in column d; otherwise
   * {@code Σ r_ij (x_i − μ_j)²} per feature over responsibilities of at least {@code minResp}.
   */
  private static double[][][] chunkSums(Rows x, double[][] resp, double[][] means, double minResp) {
    int n = x.rows(), d = x.cols(), k = resp[0].length, tasks = (n + MSTEP_CHUNK - 1) / MSTEP_CHUNK;
    double[] xa = x.data();
    double[][][] out = new double[tasks][][];
    IntStream.range(0, tasks).parallel().forEach(t -> {
      double[][] acc = new double[k][means == null ? d + 1 : d];
      for (int i = t * MSTEP_CHUNK, hi = Math.min(n, i + MSTEP_CHUNK); i < hi; i++) {
        double[] ri = resp[i];
        int o = i * d;
        for (int j = 0; j < k; j++) {
          double r = ri[j];
          if (r == 0) continue;
          double[] a = acc[j];
          if (means == null) {
            a[d] += r;
            if (r < minResp) continue;
            for (int f = 0; f < d; f++) a[f] += r * xa[o + f];
          } else {
            if (r < minResp) continue;
            double[] m = means[j];
            for (int f = 0; f < d; f++) {
              double u = xa[o + f] - m[f];
              a[f] += r * u * u;
            }
          }
        }
      }
      out[t] = acc;
    });
    return out;
  }
}
