package org.cortexclust.clustering.spectral;

import org.cortexclust.clustering.graph.KnnGraph;
import org.cortexclust.clustering.graph.NearestNeighbours;
import org.cortexclust.clustering.linalg.ChebyshevSubspace;
import org.cortexclust.clustering.linalg.LinearOperator;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.common.progress.Progress;

/**
 * Normalised spectral clustering (Ng, Jordan & Weiss 2002; von Luxburg 2007): sparse symmetric k-NN graph with
 * self-tuning Gaussian weights, normalised Laplacian {@code L̃ = I − D^{-1/2} W D^{-1/2}}, the c eigenvectors with
 * smallest eigenvalues of L̃ by Chebyshev-filtered subspace iteration, then
 * k-means on the row-normalised embedding or spectral rotation. Memory O(n·(neighbours + ncv)).
 */
public final class SpectralClustering {
  private SpectralClustering() {}

  /**
   * @param k              clusters
   * @param neighbours     graph neighbours per point
   * @param scaleNeighbour neighbour whose distance sets the local kernel width σ_i (self-tuning; 7 in the paper)
   * @param discretisation labels from the embedding
   * @param restarts       k-means restarts when discretising with k-means
   * @param seed           seed for the eigensolver start block and discretisation
   */
  public record Options(int k, int neighbours, int scaleNeighbour, Discretisation discretisation, int restarts, long seed) {
    public Options {
      if (k < 2) throw new IllegalArgumentException("k must be >= 2, got " + k);
      if (neighbours < 1) throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
      if (scaleNeighbour < 1) throw new IllegalArgumentException("scaleNeighbour must be >= 1, got " + scaleNeighbour);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
    }

    /** Defaults: 15 neighbours, σ from the 7th, k-means discretisation with 10 restarts. */
    public static Options of(int k, long seed) {
      return new Options(k, 15, 7, Discretisation.KMEANS, 10, seed);
    }

    public Options withDiscretisation(Discretisation d) {
      return new Options(k, neighbours, scaleNeighbour, d, restarts, seed);
    }

    public Options withNeighbours(int nb) {
      return new Options(k, nb, scaleNeighbour, discretisation, restarts, seed);
    }
  }

  /**
   * @param labels      cluster per point
   * @param eigenvalues the k smallest eigenvalues of L̃, ascending
   * @param embedding   embedding[j] = eigenvector j (length n)
   * @param restarts    eigensolver iterations
   * @param converged   eigensolver converged
   */
  public record Result(int[] labels, double[] eigenvalues, double[][] embedding, int restarts, boolean converged) {}

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    if (x.length <= o.k()) throw new IllegalArgumentException("k (" + o.k() + ") must be below the number of points (" + x.length + ")");
    return fit(normalisedAdjacency(x, o.neighbours(), o.scaleNeighbour()), o, progress);
  }

  /** Fit on a precomputed {@code S = D^{-1/2} W D^{-1/2}} (share one graph across several k). */
  public static Result fit(SparseSymmetric s, Options o, Progress progress) {
    if (s.size() <= o.k()) throw new IllegalArgumentException("k (" + o.k() + ") must be below the number of points (" + s.size() + ")");
    progress.report("spectral", 1, 3, java.util.Map.of());
    ChebyshevSubspace.Result eig = ChebyshevSubspace.smallest(laplacian(s), o.k(), 0, 2, ChebyshevSubspace.Options.defaults(o.seed()));
    progress.report("spectral", 2, 3, java.util.Map.of());
    double[] lam = eig.values();
    int[] labels = o.discretisation().apply(eig.vectors(), o.restarts(), o.seed());
    progress.report("spectral", 3, 3, java.util.Map.of());
    return new Result(labels, lam, eig.vectors(), eig.iterations(), eig.converged());
  }

  /** The smallest {@code count} eigenvalues of L̃ for the eigengap curve (docs/science.md §10). */
  public static double[] laplacianSpectrum(double[][] x, int neighbours, int scaleNeighbour, int count, long seed) {
    return laplacianSpectrum(normalisedAdjacency(x, neighbours, scaleNeighbour), count, seed);
  }

  /** The smallest {@code count} eigenvalues of L̃ = I − S for a precomputed S. */
  public static double[] laplacianSpectrum(SparseSymmetric s, int count, long seed) {
    return ChebyshevSubspace.smallest(laplacian(s), count, 0, 2, ChebyshevSubspace.Options.defaults(seed)).values();
  }

  /** L̃ = I − S as an operator (spectrum in [0, 2]). */
  static LinearOperator laplacian(SparseSymmetric s) {
    return new LinearOperator() {
      @Override
      public int size() {
        return s.size();
      }

      @Override
      public void apply(double[] v, double[] y) {
        s.apply(v, y);
        for (int i = 0; i < y.length; i++) y[i] = v[i] - y[i];
      }
    };
  }

  /** S = D^{-1/2} W D^{-1/2} of the k-NN graph (so L̃ = I − S). */
  public static SparseSymmetric normalisedAdjacency(double[][] x, int neighbours, int scaleNeighbour) {
    int nb = Math.min(neighbours, x.length - 1);
    SparseSymmetric w = KnnGraph.affinity(NearestNeighbours.of(x, nb), scaleNeighbour);
    return w.scaledSymmetric(w.rowSums());
  }
}
