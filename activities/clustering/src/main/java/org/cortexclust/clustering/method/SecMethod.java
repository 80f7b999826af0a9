package org.cortexclust.clustering.method;

import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.sec.SpectralEmbeddedClustering;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.progress.Progress;

/** Spectral embedded clustering (Nie et al. 2011) on the k-NN graph shared with spectral clustering; k by silhouette. */
public final class SecMethod implements ClusteringMethod<SecMethod.Options> {
  /**
   * @param graph          the k-NN graph (shared with spectral clustering)
   * @param mu             weight of the linear regulariser ({@code clustering.sec_mu})
   * @param gamma          ridge ({@code clustering.sec_gamma})
   * @param discretisation embedding → labels ({@code clustering.embedded_discretisation})
   * @param restarts       k-means restarts of a k-means discretisation ({@code clustering.restarts})
   */
  public record Options(SpectralMethod.KnnGraph graph, double mu, double gamma, Discretisation discretisation, int restarts) {}

  @Override
  public String name() {
    return "sec";
  }

  @Override
  public Options options(ClusteringConfig c) {
    return new Options(SpectralMethod.KnnGraph.of(c), c.secMu(), c.secGamma(),
        Discretisation.parse(c.embeddedDiscretisation(), "clustering.embedded_discretisation"), c.restarts());
  }

  @Override
  public Clusterer bind(DataSet data, Options o) {
    SparseSymmetric graph = o.graph().build(data);
    int nb = o.graph().neighboursFor(data.size());
    double[][] x = data.x();
    return (k, seed) -> {
      SpectralEmbeddedClustering.Result r = SpectralEmbeddedClustering.fit(x, graph, new SpectralEmbeddedClustering.Options(k,
          o.mu(), o.gamma(), nb, o.graph().scaleNeighbour(), o.discretisation(), o.restarts(), seed), Progress.NONE);
      return new Clustering(name(), k, r.labels(), null, null, SpectralMethod.sum(r.eigenvalues()), "eigenvalue_sum", r.restarts(),
          r.converged(), pts -> {
            int[] lab = new int[pts.length];
            for (int i = 0; i < pts.length; i++) lab[i] = r.predict(pts[i]);
            return lab;
          });
    };
  }
}
