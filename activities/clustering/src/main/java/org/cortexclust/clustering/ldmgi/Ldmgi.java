package org.cortexclust.clustering.ldmgi;

import java.util.stream.IntStream;
import org.cortexclust.clustering.graph.NearestNeighbours;
import org.cortexclust.clustering.linalg.Cholesky;
import org.cortexclust.clustering.linalg.ChebyshevSubspace;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.common.progress.Progress;

/**
 * LDMGI — local discriminant models and global integration (Yang, Xu, Nie, Yan & Zhuang, IEEE TIP 2010;
 * docs/science.md §8). Clique i = x_i plus its k nearest neighbours (k' = k + 1, the {@code LocalDisAna.m}
 * convention); local Laplacian {@code L_i = H_{k'}(X̃_iᵀX̃_i + λI)⁻¹H_{k'}} (X̃_i the centred clique, here as
 * k' × d rows so X̃_iᵀX̃_i is the k' × k' Gram matrix); global {@code L = Σ_i S_i L_i S_iᵀ} (sparse, ≤ n·k'²
 * entries); G = the c smallest eigenvectors of L (the constant vector is kept: L·1 = 0), by
 * Chebyshev-filtered subspace iteration on [0, Gershgorin bound]; labels by spectral rotation (§8.1).
 */
public final class Ldmgi {
  private Ldmgi() {}

  /**
   * @param k              clusters c
   * @param neighbours     k (clique = point + k neighbours)
   * @param lambda         λ of the local ridge (the paper searches {1e−8, …, 1e8})
   * @param discretisation spectral rotation (default) or k-means on the rows of G
   * @param restarts       k-means restarts when discretising with k-means
   * @param seed           random seed
   */
  public record Options(int k, int neighbours, double lambda, Discretisation discretisation, int restarts, long seed) {
    public Options {
      if (k < 2) throw new IllegalArgumentException("k must be >= 2, got " + k);
      if (neighbours < 1) throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
      if (!(lambda > 0)) throw new IllegalArgumentException("lambda must be > 0, got " + lambda);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1");
    }

    /** Defaults: 5 neighbours (docs/science.md §8), λ = 1, spectral rotation. */
    public static Options of(int k, long seed) {
      return new Options(k, 5, 1.0, Discretisation.ROTATION, 10, seed);
    }

    public Options withLambda(double l) {
      return new Options(k, neighbours, l, discretisation, restarts, seed);
    }

    public Options withNeighbours(int nb) {
      return new Options(k, nb, lambda, discretisation, restarts, seed);
    }
  }

  /**
   * @param labels      cluster per point
   * @param eigenvalues the c smallest eigenvalues of L, ascending
   * @param embedding   G, embedding[j] = column j
   */
  public record Result(int[] labels, double[] eigenvalues, double[][] embedding, int restarts, boolean converged) {}

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    int n = x.length;
    if (n <= o.k()) throw new IllegalArgumentException("k (" + o.k() + ") must be below the number of points (" + n + ")");
    return fit(laplacian(x, Math.min(o.neighbours(), n - 1), o.lambda()), o, progress);
  }

  /** Fit on a precomputed LDMGI Laplacian (see {@link #laplacian}), shared across several k. */
  public static Result fit(SparseSymmetric l, Options o, Progress progress) {
    int n = l.size();
    if (n <= o.k()) throw new IllegalArgumentException("k (" + o.k() + ") must be below the number of points (" + n + ")");
    progress.report("ldmgi", 1, 3, java.util.Map.of());
    // L is PSD with spectrum in [0, Gershgorin bound]
    ChebyshevSubspace.Result eig = ChebyshevSubspace.smallest(l, o.k(), 0, l.maxAbsRowSum(), ChebyshevSubspace.Options.defaults(o.seed()));
    progress.report("ldmgi", 2, 3, java.util.Map.of());
    double[] lam = eig.values();
    int[] labels = o.discretisation().apply(eig.vectors(), o.restarts(), o.seed());
    progress.report("ldmgi", 3, 3, java.util.Map.of());
    return new Result(labels, lam, eig.vectors(), eig.iterations(), eig.converged());
  }

  /** The global LDMGI Laplacian L = Σ_i S_i L_i S_iᵀ (docs/science.md §8). */
  public static SparseSymmetric laplacian(double[][] x, int neighbours, double lambda) {
    int n = x.length, d = x[0].length, kp = neighbours + 1;
    NearestNeighbours nn = NearestNeighbours.of(x, neighbours);
    int per = kp * kp;
    int[] rows = new int[n * per], cols = new int[n * per];
    double[] vals = new double[n * per];
    IntStream.range(0, n).parallel().forEach(i -> {
      int[] member = new int[kp];
      member[0] = i;
      System.arraycopy(nn.index()[i], 0, member, 1, neighbours);
      // centred clique rows
      double[][] c = new double[kp][d];
      double[] mean = new double[d];
      for (int q = 0; q < kp; q++) for (int f = 0; f < d; f++) mean[f] += x[member[q]][f] / kp;
      for (int q = 0; q < kp; q++) for (int f = 0; f < d; f++) c[q][f] = x[member[q]][f] - mean[f];
      double[][] gram = new double[kp][kp];
      for (int p = 0; p < kp; p++) {
        for (int q = 0; q <= p; q++) {
          double s = 0;
          for (int f = 0; f < d; f++) s += c[p][f] * c[q][f];
          gram[p][q] = s;
          gram[q][p] = s;
        }
        gram[p][p] += lambda;
      }
      double[][] inv = Cholesky.of(gram).inverse();
      // H A H: double centring of A
      double[] rowMean = new double[kp];
      double all = 0;
      for (int p = 0; p < kp; p++) {
        for (int q = 0; q < kp; q++) rowMean[p] += inv[p][q] / kp;
        all += rowMean[p] / kp;
      }
      int base = i * per;
      for (int p = 0; p < kp; p++) {
        for (int q = 0; q < kp; q++) {
          int t = base + p * kp + q;
          rows[t] = member[p];
          cols[t] = member[q];
          vals[t] = inv[p][q] - rowMean[p] - rowMean[q] + all; // A symmetric: column mean = row mean
        }
      }
    });
    return SparseSymmetric.fromTriplets(n, rows, cols, vals, n * per);
  }
}
