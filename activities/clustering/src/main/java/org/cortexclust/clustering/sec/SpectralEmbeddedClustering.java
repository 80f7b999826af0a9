package org.cortexclust.clustering.sec;

import java.util.stream.IntStream;
import org.cortexclust.clustering.linalg.BlockedDots;
import org.cortexclust.clustering.linalg.Cholesky;
import org.cortexclust.clustering.linalg.ChebyshevSubspace;
import org.cortexclust.clustering.linalg.LinearOperator;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.clustering.spectral.SpectralClustering;
import org.cortexclust.clustering.spectral.SpectralRotation;
import org.cortexclust.common.progress.Progress;

/**
 * Spectral Embedded Clustering (Nie, Zeng, Tsang, Xu & Zhang, IEEE TNN 2011; docs/science.md §7):
 * {@code min_{FᵀF=I} tr(Fᵀ(L̃ + μ L_g)F)} with the normalised k-NN Laplacian L̃ and
 * {@code L_g = H − X_cᵀ(X_c X_cᵀ + γI)⁻¹X_c} (X_c = centred data, d × n), which penalises indicators that are far
 * from a linear function of the data. Matrix-free: {@code L_g v} costs O(n·d + d²) after one d × d Cholesky,
 * L̃ is sparse, and the c smallest eigenvectors of M come from Chebyshev-filtered subspace iteration on
 * the spectral interval [0, 2 + μ] (‖L̃‖ ≤ 2, 0 ≤ L_g ≤ I). Memory O(n·(neighbours + c) + d²).
 */
public final class SpectralEmbeddedClustering {
  private SpectralEmbeddedClustering() {}

  /**
   * @param k              clusters c
   * @param mu             weight μ of the linearity regulariser (μ → 0 gives spectral clustering on L̃)
   * @param gamma          ridge γ
   * @param neighbours     k-NN graph neighbours
   * @param scaleNeighbour self-tuning kernel width neighbour
   * @param discretisation spectral rotation (default) or k-means on the rows of F
   * @param restarts       k-means restarts when discretising with k-means
   * @param seed           random seed
   */
  public record Options(
      int k, double mu, double gamma, int neighbours, int scaleNeighbour, Discretisation discretisation, int restarts, long seed) {
    public Options {
      if (k < 2) throw new IllegalArgumentException("k must be >= 2, got " + k);
      if (!(mu >= 0)) throw new IllegalArgumentException("mu must be >= 0, got " + mu);
      if (!(gamma > 0)) throw new IllegalArgumentException("gamma must be > 0, got " + gamma);
      if (neighbours < 1) throw new IllegalArgumentException("neighbours must be >= 1");
      if (scaleNeighbour < 1) throw new IllegalArgumentException("scaleNeighbour must be >= 1");
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1");
    }

    /** Defaults: μ = 1, γ = 1, 15 neighbours (σ from the 7th), spectral rotation. */
    public static Options of(int k, long seed) {
      return new Options(k, 1.0, 1.0, 15, 7, Discretisation.ROTATION, 10, seed);
    }

    public Options withMu(double m) {
      return new Options(k, m, gamma, neighbours, scaleNeighbour, discretisation, restarts, seed);
    }

    public Options withGamma(double g) {
      return new Options(k, mu, g, neighbours, scaleNeighbour, discretisation, restarts, seed);
    }
  }

  /**
   * @param labels      cluster per point
   * @param eigenvalues the c smallest eigenvalues of M = L̃ + μ L_g, ascending
   * @param embedding   F, embedding[j] = column j (length n)
   * @param projection  W (d × c) of the linear model {@code f(x) = Wᵀ(x − x̄) + b} (rotated by R when discretised
   *                    by spectral rotation, so its argmax is comparable with {@code labels})
   * @param offset      b (length c)
   * @param centre      x̄
   */
  public record Result(
      int[] labels, double[] eigenvalues, double[][] embedding, double[][] projection, double[] offset, double[] centre,
      int restarts, boolean converged) {
    /** Out-of-sample label {@code argmax_j (Wᵀ(x − x̄) + b)_j} (docs/science.md §7). */
    public int predict(double[] x) {
      int c = offset.length, best = 0;
      double bv = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        double s = offset[j];
        for (int f = 0; f < x.length; f++) s += projection[f][j] * (x[f] - centre[f]);
        if (s > bv) {
          bv = s;
          best = j;
        }
      }
      return best;
    }
  }

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    int n = x.length;
    if (n <= o.k()) throw new IllegalArgumentException("k (" + o.k() + ") must be below the number of points (" + n + ")");
    return fit(x, SpectralClustering.normalisedAdjacency(x, o.neighbours(), o.scaleNeighbour()), o, progress);
  }

  /** Fit with a precomputed normalised adjacency S of the k-NN graph (L̃ = I − S), shared across several k. */
  public static Result fit(double[][] x, SparseSymmetric s, Options o, Progress progress) {
    int n = x.length;
    if (s.size() != n) throw new IllegalArgumentException("graph has " + s.size() + " nodes but data has " + n + " rows");
    progress.report("sec", 1, 3, java.util.Map.of());
    GlobalRegressionLaplacian lg = new GlobalRegressionLaplacian(x, o.gamma());
    double mu = o.mu();
    LinearOperator op = new LinearOperator() {
      final double[] tmp = new double[n];

      @Override
      public int size() {
        return n;
      }

      @Override
      public void apply(double[] v, double[] y) {
        // y = M v = v − S v + μ L_g v
        s.apply(v, y);
        lg.apply(v, tmp);
        for (int i = 0; i < n; i++) y[i] = v[i] - y[i] + mu * tmp[i];
      }

      @Override
      public void applyBlock(double[][] v, double[][] y) {
        double[][] g = new double[v.length][n];
        lg.applyBlock(v, g);
        for (int j = 0; j < v.length; j++) {
          s.apply(v[j], y[j]); // per vector: a vector stays in cache, a row-major block of them would not
          for (int i = 0; i < n; i++) y[j][i] = v[j][i] - y[j][i] + mu * g[j][i];
        }
      }
    };
    // spectrum of M in [0, 2 + μ] (‖L̃‖ ≤ 2, 0 ≤ L_g ≤ I)
    ChebyshevSubspace.Result eig = ChebyshevSubspace.smallest(op, o.k(), 0, 2 + mu, ChebyshevSubspace.Options.defaults(o.seed()));
    progress.report("sec", 2, 3, java.util.Map.of());
    double[] lam = eig.values();
    double[][] f = eig.vectors();
    int[] labels;
    double[][] rot = null;
    if (o.discretisation() == Discretisation.ROTATION) {
      SpectralRotation.Result sr = SpectralRotation.discretise(f, 200, o.seed());
      labels = sr.labels();
      rot = sr.rotation();
    } else {
      labels = o.discretisation().apply(f, o.restarts(), o.seed());
    }
    // W = (X_c X_cᵀ + γI)⁻¹ X_c F, b = mean of F's rows (data centred)
    int d = x[0].length, c = o.k();
    double[][] w = new double[d][c];
    double[] b = new double[c];
    for (int j = 0; j < c; j++) {
      double[] col = lg.solveXc(f[j]);
      for (int t = 0; t < d; t++) w[t][j] = col[t];
      double m = 0;
      for (double v : f[j]) m += v;
      b[j] = m / n;
    }
    if (rot != null) {
      // out-of-sample scores in the rotated frame, so argmax(Wᵀ(x − x̄) + b) matches the discrete labels
      w = multiply(w, rot);
      b = multiply(new double[][] {b}, rot)[0];
    }
    progress.report("sec", 3, 3, java.util.Map.of());
    return new Result(labels, lam, f, w, b, lg.centre(), eig.iterations(), eig.converged());
  }

  private static double[][] multiply(double[][] a, double[][] r) {
    int c = r.length;
    double[][] out = new double[a.length][c];
    for (int i = 0; i < a.length; i++) for (int q = 0; q < c; q++) for (int p = 0; p < c; p++) out[i][q] += a[i][p] * r[p][q];
    return out;
  }

  /**
   * {@code L_g = H − X_cᵀ(X_c X_cᵀ + γI)⁻¹X_c} applied matrix-free (docs/science.md §7). Public for tests of
   * {@code L_g 1 = 0} and positive semi-definiteness.
   */
  public static final class GlobalRegressionLaplacian implements LinearOperator {
    private final double[][] xc;
    private final double[] centre;
    private final Cholesky chol;

    public GlobalRegressionLaplacian(double[][] x, double gamma) {
      int n = x.length, d = x[0].length;
      centre = new double[d];
      for (double[] r : x) for (int f = 0; f < d; f++) centre[f] += r[f] / n;
      xc = new double[n][d];
      for (int i = 0; i < n; i++) for (int f = 0; f < d; f++) xc[i][f] = x[i][f] - centre[f];
      double[][] scatter = new double[d][d];
      IntStream.range(0, d).parallel().forEach(a -> {
        for (int i = 0; i < n; i++) {
          double v = xc[i][a];
          for (int bb = 0; bb <= a; bb++) scatter[a][bb] += v * xc[i][bb];
        }
      });
      for (int a = 0; a < d; a++) {
        for (int bb = 0; bb < a; bb++) scatter[bb][a] = scatter[a][bb];
        scatter[a][a] += gamma;
      }
      chol = Cholesky.of(scatter);
    }

    double[] centre() {
      return centre.clone();
    }

    @Override
    public int size() {
      return xc.length;
    }

    /** (X_c X_cᵀ + γI)⁻¹ X_c v. */
    double[] solveXc(double[] v) {
      int d = centre.length;
      double[] u = new double[d];
      for (int i = 0; i < xc.length; i++) {
        double vi = v[i];
        if (vi == 0) continue;
        for (int f = 0; f < d; f++) u[f] += xc[i][f] * vi;
      }
      chol.solveInPlace(u);
      return u;
    }

    /** Blocked L_g V: X_cᵀ-products as rank-one row updates over the whole block (vectorisable, one pass over X_c). */
    @Override
    public void applyBlock(double[][] v, double[][] y) {
      int n = xc.length, d = centre.length, b = v.length;
      int chunks = Math.max(1, Math.min(64, n / 512));
      double[][][] part = new double[chunks][][];
      int[] all = BlockedDots.range(0, b);
      IntStream.range(0, chunks).parallel().forEach(ch -> {
        int lo = (int) ((long) n * ch / chunks), hi = (int) ((long) n * (ch + 1) / chunks);
        double[][] u = new double[b][d]; // u[j][f] = Σ_{i in chunk} v[j][i] · xc[i][f]
        BlockedDots.rowsTimesColumns(v, all, b, xc, lo, hi, d, u);
        part[ch] = u;
      });
      double[][] u = new double[b][d]; // u[j] = (X_c X_cᵀ + γI)⁻¹ X_c v_j
      for (int ch = 0; ch < chunks; ch++) for (int j = 0; j < b; j++) for (int f = 0; f < d; f++) u[j][f] += part[ch][j][f];
      for (int j = 0; j < b; j++) chol.solveInPlace(u[j]);
      double[][] ut = new double[d][b];
      for (int j = 0; j < b; j++) for (int f = 0; f < d; f++) ut[f][j] = u[j][f];
      double[] mean = new double[b];
      for (int j = 0; j < b; j++) {
        double s = 0;
        for (double t : v[j]) s += t;
        mean[j] = s / n;
      }
      IntStream.range(0, (n + 511) / 512).parallel().forEach(bk -> {
        int lo = bk * 512, hi = Math.min(n, lo + 512);
        double[][] acc = new double[hi - lo][b];
        BlockedDots.rowsTimesColumns(xc, BlockedDots.range(lo, hi), hi - lo, ut, b, acc);
        for (int i = lo; i < hi; i++) for (int j = 0; j < b; j++) y[j][i] = v[j][i] - mean[j] - acc[i - lo][j];
      });
    }

    @Override
    public void apply(double[] v, double[] y) {
      int n = xc.length;
      double mean = 0;
      for (double t : v) mean += t;
      mean /= n;
      double[] u = solveXc(v);
      final double m = mean;
      IntStream.range(0, (n + 1023) / 1024).parallel().forEach(bk -> {
        int lo = bk * 1024, hi = Math.min(n, lo + 1024);
        for (int i = lo; i < hi; i++) {
          double s = 0;
          for (int f = 0; f < u.length; f++) s += xc[i][f] * u[f];
          y[i] = v[i] - m - s;
        }
      });
    }
  }
}
