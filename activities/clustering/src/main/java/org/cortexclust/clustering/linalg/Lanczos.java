package org.cortexclust.clustering.linalg;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Largest-algebraic eigenpairs of a symmetric operator by thick-restart <em>block</em> Lanczos with full
 * re-orthogonalisation and explicit Rayleigh–Ritz: the basis V grows by blocks {@code A·(last block)}, A·V is
 * stored, so {@code H = Vᵀ(AV)} and the Ritz residuals {@code ‖AVz − θVz‖} are exact and restarting (keep the best
 * Ritz vectors, continue from their residuals; Wu & Simon 2000) needs no extra products. A block (default
 * min(nev, 32) vectors) is needed because single-vector Lanczos cannot see the second copy of a repeated eigenvalue
 * — exactly what a graph with several connected components produces. Memory O(n·m), m ≈ nev + 3·block + 10.
 * For the smallest eigenvalues pass a shifted operator {@code σI − A}.
 */
public final class Lanczos {
  private Lanczos() {}

  /**
   * @param block       block size (0 = automatic: min(nev, 32))
   * @param maxRestarts restart cap
   * @param tolerance   converged when ‖A y − θ y‖ ≤ tolerance · max|θ|
   * @param seed        seeds the start block
   */
  public record Options(int block, int maxRestarts, double tolerance, long seed) {
    public Options {
      if (block < 0) throw new IllegalArgumentException("block must be >= 0");
      if (maxRestarts < 1) throw new IllegalArgumentException("maxRestarts must be >= 1");
      if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0");
    }

    /** Automatic block, 500 restarts, tolerance 1e-8. */
    public static Options defaults(long seed) {
      return new Options(0, 500, 1e-8, seed);
    }

    public Options withTolerance(double t) {
      return new Options(block, maxRestarts, t, seed);
    }
  }

  /**
   * @param values    nev eigenvalues, descending
   * @param vectors   vectors[j] = eigenvector j (length n, unit norm)
   * @param residuals residual norms ‖A y − θ y‖
   * @param restarts  restarts used
   * @param products  operator applications
   * @param converged all nev residuals below tolerance
   */
  public record Result(double[] values, double[][] vectors, double[] residuals, int restarts, long products, boolean converged) {}

  public static Result largest(LinearOperator a, int nev, Options o) {
    int n = a.size();
    if (nev < 1 || nev > n) throw new IllegalArgumentException("nev must be in [1, " + n + "], got " + nev);
    int b = o.block() == 0 ? Math.min(nev, 32) : Math.min(o.block(), n);
    int m = Math.max(nev + 3 * b + 10, 40);
    if (n <= 300 || m >= n / 2) return dense(a, nev);
    SplittableRandom rng = new SplittableRandom(o.seed());
    double[][] v = new double[m][], av = new double[m][];
    int size = 0;
    long products = 0;
    // start block
    double[][] blk = new double[b][];
    for (int t = 0; t < b; t++) blk[t] = randomVector(n, rng);
    size = append(a, v, av, size, blk, rng);
    products += b;
    double[] theta = null;
    double[][] y = null, ay = null;
    double[] res = new double[nev];
    boolean converged = false;
    int restart = 0;
    while (true) {
      // expand: next block = A·(last block), already stored in av
      while (size + b <= m) {
        double[][] next = new double[b][];
        for (int t = 0; t < b; t++) next[t] = av[size - b + t].clone();
        size = append(a, v, av, size, next, rng);
        products += b;
      }
      // Rayleigh–Ritz
      double[][] h = new double[size][size];
      final int sz = size;
      IntStream.range(0, size).parallel().forEach(i -> {
        for (int j = i; j < sz; j++) h[i][j] = dot(v[i], av[j]);
      });
      for (int i = 0; i < size; i++) {
        for (int j = i + 1; j < size; j++) {
          double s = 0.5 * (h[i][j] + h[j][i]);
          h[i][j] = s;
          h[j][i] = s;
        }
      }
      SymmetricEigen eig = SymmetricEigen.of(h);
      int keep = Math.min(size - b, nev + (m - nev - b) / 2);
      keep = Math.max(keep, nev);
      theta = new double[keep];
      double[][] z = new double[keep][];
      for (int t = 0; t < keep; t++) {
        int c = size - 1 - t;
        theta[t] = eig.values()[c];
        z[t] = new double[size];
        for (int j = 0; j < size; j++) z[t][j] = eig.vectors()[j][c];
      }
      y = combine(v, z, size, n);
      ay = combine(av, z, size, n);
      double scale = Math.max(Math.abs(eig.values()[0]), Math.abs(eig.values()[size - 1]));
      converged = true;
      double[][] resid = new double[keep][n];
      for (int t = 0; t < keep; t++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          double r = ay[t][i] - theta[t] * y[t][i];
          resid[t][i] = r;
          s += r * r;
        }
        if (t < nev) {
          res[t] = Math.sqrt(s);
          if (res[t] > o.tolerance() * Math.max(scale, 1e-300)) converged = false;
        }
      }
      if (converged || restart + 1 >= o.maxRestarts()) break;
      restart++;
      // thick restart: basis = kept Ritz vectors, continue from residuals of the b best not-yet-converged ones
      for (int t = 0; t < keep; t++) {
        v[t] = y[t];
        av[t] = ay[t];
      }
      for (int t = keep; t < m; t++) {
        v[t] = null;
        av[t] = null;
      }
      size = keep;
      double[][] next = new double[b][];
      int filled = 0;
      for (int t = 0; t < keep && filled < b; t++) {
        if (t < nev && res[t] <= o.tolerance() * Math.max(scale, 1e-300)) continue;
        next[filled++] = resid[t];
      }
      for (int t = 0; filled < b; t++) next[filled++] = t < keep ? resid[t] : randomVector(n, rng);
      size = append(a, v, av, size, next, rng);
      products += b;
    }
    double[] vals = new double[nev];
    double[][] vecs = new double[nev][];
    for (int t = 0; t < nev; t++) {
      vals[t] = theta[t];
      vecs[t] = y[t];
    }
    return new Result(vals, vecs, res.clone(), restart, products, converged);
  }

  /** Orthonormalise {@code blk} against v[0..size) and itself (twice), append it and its images under A. */
  private static int append(LinearOperator a, double[][] v, double[][] av, int size, double[][] blk, SplittableRandom rng) {
    int n = blk[0].length;
    for (double[] q : blk) {
      double before = norm(q);
      for (int pass = 0; pass < 2; pass++) project(v, size, q);
      double after = norm(q);
      if (after <= 1e-10 * Math.max(before, 1e-300)) {
        // dependent (e.g. an invariant subspace was reached): replace with a fresh random direction
        double[] r = randomVector(n, rng);
        for (int pass = 0; pass < 2; pass++) project(v, size, r);
        System.arraycopy(r, 0, q, 0, n);
        after = norm(q);
      }
      scale(q, 1 / after);
      v[size] = q;
      double[] aq = new double[n];
      a.apply(q, aq);
      av[size] = aq;
      size++;
    }
    return size;
  }

  private static double[][] combine(double[][] basis, double[][] z, int size, int n) {
    double[][] out = new double[z.length][n];
    IntStream.range(0, z.length).parallel().forEach(t -> {
      double[] o = out[t];
      for (int j = 0; j < size; j++) {
        double c = z[t][j];
        if (c == 0) continue;
        double[] bj = basis[j];
        for (int i = 0; i < n; i++) o[i] += c * bj[i];
      }
    });
    return out;
  }

  /** w ← w − Σ_i ⟨v_i, w⟩ v_i over the first m basis vectors (classical Gram–Schmidt, parallel, deterministic). */
  private static void project(double[][] v, int m, double[] w) {
    if (m == 0) return;
    double[] c = new double[m];
    int n = w.length;
    IntStream.range(0, m).parallel().forEach(i -> c[i] = dot(v[i], w));
    int blocks = (n + 4095) / 4096;
    IntStream.range(0, blocks).parallel().forEach(bk -> {
      int lo = bk * 4096, hi = Math.min(n, lo + 4096);
      for (int i = 0; i < m; i++) {
        double ci = c[i];
        double[] vi = v[i];
        for (int t = lo; t < hi; t++) w[t] -= ci * vi[t];
      }
    });
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static double norm(double[] x) {
    return Math.sqrt(dot(x, x));
  }

  private static void scale(double[] x, double f) {
    for (int i = 0; i < x.length; i++) x[i] *= f;
  }

  private static double[] randomVector(int n, SplittableRandom rng) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = rng.nextDouble() - 0.5;
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
    return new Result(vals, vec, new double[nev], 0, n, true);
  }
}
