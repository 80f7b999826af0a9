package org.cortexclust.clustering.linalg;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Largest-algebraic eigenpairs of a symmetric operator by thick-restart Lanczos (Wu & Simon 2000) with full
 * re-orthogonalisation. Memory O(n·ncv); each restart costs ncv products plus O(n·ncv²). The projected matrix
 * {@code H = Vᵀ A V} is accumulated explicitly from the Gram–Schmidt coefficients, so the restart needs no special
 * arrowhead bookkeeping. For smallest eigenvalues pass a shifted operator {@code σI − A}.
 */
public final class Lanczos {
  private Lanczos() {}

  /**
   * @param ncv         Krylov basis size (0 = automatic: max(2·nev + 20, 40), capped at n)
   * @param maxRestarts restart cap
   * @param tolerance   relative residual ‖A y − θ y‖ ≤ tolerance · max(|θ_max|, 1e-12)
   * @param seed        seeds the start vector
   */
  public record Options(int ncv, int maxRestarts, double tolerance, long seed) {
    public Options {
      if (ncv < 0) throw new IllegalArgumentException("ncv must be >= 0");
      if (maxRestarts < 1) throw new IllegalArgumentException("maxRestarts must be >= 1");
      if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0");
    }

    public static Options defaults(long seed) {
      return new Options(0, 300, 1e-8, seed);
    }
  }

  /**
   * @param values    nev eigenvalues, descending
   * @param vectors   vectors[j] = eigenvector j (length n, unit norm)
   * @param residuals residual norms
   * @param restarts  restarts used
   * @param converged all nev residuals below tolerance
   */
  public record Result(double[] values, double[][] vectors, double[] residuals, int restarts, boolean converged) {}

  public static Result largest(LinearOperator a, int nev, Options o) {
    int n = a.size();
    if (nev < 1 || nev > n) throw new IllegalArgumentException("nev must be in [1, " + n + "], got " + nev);
    int ncv = o.ncv() == 0 ? Math.max(2 * nev + 20, 40) : o.ncv();
    ncv = Math.min(ncv, n);
    if (ncv <= nev && ncv < n) ncv = Math.min(n, nev + 1);
    if (n <= 200 || ncv >= n) return dense(a, nev);
    SplittableRandom rng = new SplittableRandom(o.seed());
    double[][] v = new double[ncv + 1][];
    double[][] h = new double[ncv][ncv];
    v[0] = randomUnit(n, rng);
    int kept = 0;
    double[] w = new double[n];
    double betaLast = 0;
    SymmetricEigen eig = null;
    double[] residuals = new double[nev];
    boolean converged = false;
    int restart = 0;
    for (; restart < o.maxRestarts(); restart++) {
      for (int j = kept; j < ncv; j++) {
        a.apply(v[j], w);
        // two passes of classical Gram–Schmidt against all basis vectors (full re-orthogonalisation)
        double[] coef = project(v, j + 1, w);
        double[] coef2 = project(v, j + 1, w);
        for (int i = 0; i <= j; i++) {
          double hij = coef[i] + coef2[i];
          h[i][j] = hij;
          h[j][i] = hij;
        }
        double beta = norm(w);
        if (beta < 1e-12 * Math.max(1, Math.abs(h[j][j]))) {
          // invariant subspace found: continue with a fresh direction orthogonal to the basis (coupling 0)
          double[] r = randomUnit(n, rng);
          project(v, j + 1, r);
          project(v, j + 1, r);
          scale(r, 1 / norm(r));
          beta = 0;
          v[j + 1] = r;
        } else {
          double[] next = v[j + 1] == null ? new double[n] : v[j + 1];
          for (int t = 0; t < n; t++) next[t] = w[t] / beta;
          v[j + 1] = next;
        }
        if (j + 1 < ncv) {
          // H[j+1][j] is recomputed as the first coefficient of the next column
        } else {
          betaLast = beta;
        }
      }
      eig = SymmetricEigen.of(h);
      // descending Ritz values: index ncv−1−t
      double thetaMax = Math.abs(eig.values()[ncv - 1]);
      converged = true;
      for (int t = 0; t < nev; t++) {
        int c = ncv - 1 - t;
        residuals[t] = Math.abs(betaLast * eig.vectors()[ncv - 1][c]);
        if (residuals[t] > o.tolerance() * Math.max(thetaMax, 1e-12)) converged = false;
      }
      if (converged || restart == o.maxRestarts() - 1) break;
      // thick restart: keep the best `keep` Ritz vectors and the residual direction v[ncv]
      int keep = Math.min(ncv - 2, nev + (ncv - nev) / 2);
      double[][] y = ritz(v, eig, ncv, keep, n);
      double[] resid = v[ncv];
      for (int t = 0; t < keep; t++) v[t] = y[t];
      v[keep] = resid;
      for (int t = keep + 1; t <= ncv; t++) v[t] = null;
      for (double[] row : h) java.util.Arrays.fill(row, 0);
      for (int t = 0; t < keep; t++) h[t][t] = eig.values()[ncv - 1 - t];
      kept = keep;
    }
    double[][] y = ritz(v, eig, ncv, nev, n);
    double[] vals = new double[nev];
    for (int t = 0; t < nev; t++) vals[t] = eig.values()[ncv - 1 - t];
    return new Result(vals, y, residuals.clone(), restart, converged);
  }

  /** Ritz vectors for the {@code count} largest Ritz values of the current basis. */
  private static double[][] ritz(double[][] v, SymmetricEigen eig, int ncv, int count, int n) {
    double[][] y = new double[count][n];
    IntStream.range(0, count).parallel().forEach(t -> {
      int c = ncv - 1 - t;
      double[] yt = y[t];
      for (int j = 0; j < ncv; j++) {
        double z = eig.vectors()[j][c];
        if (z == 0) continue;
        double[] vj = v[j];
        for (int i = 0; i < n; i++) yt[i] += z * vj[i];
      }
    });
    return y;
  }

  /** w ← w − Σ_i ⟨v_i, w⟩ v_i over the first m basis vectors; returns the coefficients. */
  private static double[] project(double[][] v, int m, double[] w) {
    double[] c = new double[m];
    int n = w.length;
    IntStream.range(0, m).parallel().forEach(i -> {
      double s = 0;
      double[] vi = v[i];
      for (int t = 0; t < n; t++) s += vi[t] * w[t];
      c[i] = s;
    });
    int blocks = (n + 4095) / 4096;
    IntStream.range(0, blocks).parallel().forEach(b -> {
      int lo = b * 4096, hi = Math.min(n, lo + 4096);
      for (int i = 0; i < m; i++) {
        double ci = c[i];
        double[] vi = v[i];
        for (int t = lo; t < hi; t++) w[t] -= ci * vi[t];
      }
    });
    return c;
  }

  private static double norm(double[] x) {
    double s = 0;
    for (double d : x) s += d * d;
    return Math.sqrt(s);
  }

  private static void scale(double[] x, double f) {
    for (int i = 0; i < x.length; i++) x[i] *= f;
  }

  private static double[] randomUnit(int n, SplittableRandom rng) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = rng.nextDouble() - 0.5;
    scale(x, 1 / norm(x));
    return x;
  }

  /** Small problems: form the matrix column by column and use Jacobi. */
  private static Result dense(LinearOperator a, int nev) {
    int n = a.size();
    double[][] m = new double[n][n];
    double[] e = new double[n], col = new double[n];
    for (int j = 0; j < n; j++) {
      java.util.Arrays.fill(e, 0);
      e[j] = 1;
      a.apply(e, col);
      for (int i = 0; i < n; i++) m[i][j] = col[i];
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = 0.5 * (m[i][j] + m[j][i]);
        m[i][j] = m[j][i] = s;
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(m);
    double[] vals = new double[nev];
    double[][] vec = new double[nev][n];
    for (int t = 0; t < nev; t++) {
      int c = n - 1 - t;
      vals[t] = eig.values()[c];
      for (int i = 0; i < n; i++) vec[t][i] = eig.vectors()[i][c];
    }
    return new Result(vals, vec, new double[nev], 0, true);
  }
}
