package org.cortexclust.clustering.linalg;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Smallest eigenpairs of a symmetric operator whose spectrum lies in {@code [lower, upper]} by Chebyshev-filtered
 * subspace iteration (Zhou & Saad 2007, scaled filter): each iteration applies a degree-m Chebyshev polynomial that
 * damps {@code [cut, upper]} (cut = the largest Ritz value of the block) and amplifies the wanted end, then
 * orthonormalises and does a Rayleigh–Ritz step. The block (nev + extra vectors) covers repeated eigenvalues of
 * disconnected graphs. Memory O(n·block); each iteration costs (m + 1)·block products + O(n·block²).
 */
public final class ChebyshevSubspace {
  private ChebyshevSubspace() {}

  /**
   * @param degree        Chebyshev degree m per iteration
   * @param extra         block size = nev + extra (0 = automatic: max(5, nev/2))
   * @param maxIterations iteration cap
   * @param tolerance     converged when ‖A y − θ y‖ ≤ tolerance · max(|upper|, |lower|)
   * @param seed          seeds the start block
   */
  public record Options(int degree, int extra, int maxIterations, double tolerance, long seed) {
    public Options {
      if (degree < 1) throw new IllegalArgumentException("degree must be >= 1");
      if (extra < 0) throw new IllegalArgumentException("extra must be >= 0");
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1");
      if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0");
    }

    /** Degree 12, automatic block, 1000 iterations, tolerance 1e-7. */
    public static Options defaults(long seed) {
      return new Options(12, 0, 1000, 1e-7, seed);
    }
  }

  /**
   * @param values     nev eigenvalues, ascending
   * @param vectors    vectors[j] = unit eigenvector j
   * @param residuals  ‖A y − θ y‖
   * @param iterations filter iterations
   * @param products   operator applications
   */
  public record Result(double[] values, double[][] vectors, double[] residuals, int iterations, long products, boolean converged) {}

  public static Result smallest(LinearOperator a, int nev, double lower, double upper, Options o) {
    int n = a.size();
    if (nev < 1 || nev > n) throw new IllegalArgumentException("nev must be in [1, " + n + "], got " + nev);
    if (!(upper > lower)) throw new IllegalArgumentException("need upper > lower, got [" + lower + ", " + upper + "]");
    int b = Math.min(n, nev + (o.extra() == 0 ? Math.max(5, nev / 2) : o.extra()));
    if (n <= 300 || b >= n / 2) {
      // small: dense solve of the largest of (upper·I − A)
      Lanczos.Result d = Lanczos.largest(shift(a, upper), nev, Lanczos.Options.defaults(o.seed()));
      double[] vals = new double[nev];
      for (int j = 0; j < nev; j++) vals[j] = upper - d.values()[j];
      return new Result(vals, d.vectors(), d.residuals(), 0, d.products(), true);
    }
    SplittableRandom rng = new SplittableRandom(o.seed());
    double[][] x = new double[b][n];
    for (double[] v : x) for (int i = 0; i < n; i++) v[i] = rng.nextDouble() - 0.5;
    orthonormalise(x, rng);
    long products = 0;
    double[][] ax = applyAll(a, x);
    products += b;
    double[] theta = rayleighRitz(x, ax);
    double scale = Math.max(Math.abs(upper), Math.abs(lower));
    double[] res = new double[nev];
    boolean converged = false;
    int it = 0;
    while (it < o.maxIterations()) {
      converged = residuals(x, ax, theta, nev, res, o.tolerance() * scale);
      if (converged) break;
      it++;
      double cut = theta[b - 1];
      if (!(cut < upper)) cut = lower + 0.5 * (upper - lower);
      double low = Math.min(theta[0], lower);
      double[][] y = filter(a, x, ax, o.degree(), cut, upper, low);
      products += (long) (o.degree() - 1) * b;
      orthonormalise(y, rng);
      x = y;
      ax = applyAll(a, x);
      products += b;
      theta = rayleighRitz(x, ax);
    }
    double[] vals = java.util.Arrays.copyOf(theta, nev);
    double[][] vecs = java.util.Arrays.copyOf(x, nev);
    return new Result(vals, vecs, res.clone(), it, products, converged);
  }

  private static LinearOperator shift(LinearOperator a, double upper) {
    return new LinearOperator() {
      public int size() {
        return a.size();
      }

      public void apply(double[] v, double[] y) {
        a.apply(v, y);
        for (int i = 0; i < y.length; i++) y[i] = upper * v[i] - y[i];
      }
    };
  }

  /** Scaled Chebyshev filter of degree m damping [cut, upper] (Zhou & Saad 2007, Alg. 4.1); ax = A·x given. */
  private static double[][] filter(LinearOperator a, double[][] x, double[][] ax, int m, double cut, double upper, double low) {
    int b = x.length, n = x[0].length;
    double e = (upper - cut) / 2, c = (upper + cut) / 2;
    double sigma = e / (low - c), sigma1 = sigma;
    double[][] prev = new double[b][], cur = new double[b][n];
    for (int j = 0; j < b; j++) {
      prev[j] = x[j];
      for (int i = 0; i < n; i++) cur[j][i] = (ax[j][i] - c * x[j][i]) * sigma1 / e;
    }
    for (int deg = 2; deg <= m; deg++) {
      double sigma2 = 1 / (2 / sigma1 - sigma);
      double[][] next = new double[b][n];
      a.applyBlock(cur, next);
      for (int j = 0; j < b; j++) {
        double[] nx = next[j], cu = cur[j], pv = prev[j];
        for (int i = 0; i < n; i++) nx[i] = 2 * sigma2 / e * (nx[i] - c * cu[i]) - sigma * sigma2 * pv[i];
      }
      prev = cur;
      cur = next;
      sigma = sigma2;
    }
    return cur;
  }

  private static double[][] applyAll(LinearOperator a, double[][] x) {
    double[][] out = new double[x.length][x[0].length];
    a.applyBlock(x, out);
    return out;
  }

  /** In place: x ← X Z, ax ← (AX) Z for the eigenvectors Z of XᵀAX (ascending); returns the Ritz values. */
  private static double[] rayleighRitz(double[][] x, double[][] ax) {
    int b = x.length, n = x[0].length;
    double[][] h = new double[b][b];
    IntStream.range(0, b).parallel().forEach(i -> {
      for (int j = i; j < b; j++) h[i][j] = dot(x[i], ax[j]);
    });
    for (int i = 0; i < b; i++) {
      for (int j = i + 1; j < b; j++) {
        double s = 0.5 * (h[i][j] + h[j][i]);
        h[i][j] = s;
        h[j][i] = s;
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(h);
    double[][] nx = combine(x, eig.vectors(), n), nax = combine(ax, eig.vectors(), n);
    for (int j = 0; j < b; j++) {
      x[j] = nx[j];
      ax[j] = nax[j];
    }
    return eig.values().clone();
  }

  private static double[][] combine(double[][] basis, double[][] z, int n) {
    int b = basis.length;
    double[][] out = new double[b][n];
    IntStream.range(0, b).parallel().forEach(t -> {
      double[] o = out[t];
      for (int j = 0; j < b; j++) {
        double c = z[j][t];
        if (c == 0) continue;
        double[] bj = basis[j];
        for (int i = 0; i < n; i++) o[i] += c * bj[i];
      }
    });
    return out;
  }

  private static boolean residuals(double[][] x, double[][] ax, double[] theta, int nev, double[] res, double tol) {
    boolean ok = true;
    for (int t = 0; t < nev; t++) {
      double s = 0;
      for (int i = 0; i < x[t].length; i++) {
        double r = ax[t][i] - theta[t] * x[t][i];
        s += r * r;
      }
      res[t] = Math.sqrt(s);
      if (res[t] > tol) ok = false;
    }
    return ok;
  }

  /** Modified Gram–Schmidt, two passes; a vector that vanishes is replaced by a fresh random one. */
  static void orthonormalise(double[][] x, SplittableRandom rng) {
    int b = x.length, n = x[0].length;
    for (int j = 0; j < b; j++) {
      double before = Math.sqrt(dot(x[j], x[j]));
      for (int pass = 0; pass < 2; pass++) {
        final int jj = j;
        double[] c = new double[j];
        IntStream.range(0, j).parallel().forEach(i -> c[i] = dot(x[i], x[jj]));
        for (int i = 0; i < j; i++) {
          double ci = c[i];
          double[] xi = x[i], xj = x[j];
          for (int t = 0; t < n; t++) xj[t] -= ci * xi[t];
        }
      }
      double nrm = Math.sqrt(dot(x[j], x[j]));
      if (!(nrm > 1e-10 * before) || nrm == 0) {
        for (int t = 0; t < n; t++) x[j][t] = rng.nextDouble() - 0.5;
        j--; // redo this column
        continue;
      }
      for (int t = 0; t < n; t++) x[j][t] /= nrm;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
