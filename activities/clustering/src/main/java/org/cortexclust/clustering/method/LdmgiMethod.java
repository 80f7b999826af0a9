package org.cortexclust.clustering.method;

import org.cortexclust.clustering.ldmgi.Ldmgi;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.progress.Progress;

/** LDMGI (Yang et al. 2010): local discriminant models, global integration; k by silhouette. */
public final class LdmgiMethod implements ClusteringMethod<LdmgiMethod.Options> {
  /**
   * @param neighbours     clique = point + this many neighbours ({@code clustering.ldmgi_neighbours}, capped at n − 1)
   * @param lambda         local ridge ({@code clustering.ldmgi_lambda})
   * @param discretisation embedding → labels ({@code clustering.embedded_discretisation})
   * @param restarts       k-means restarts of a k-means discretisation ({@code clustering.restarts})
   */
  public record Options(int neighbours, double lambda, Discretisation discretisation, int restarts) {}

  @Override
  public String name() {
    return "ldmgi";
  }

  @Override
  public Options options(ClusteringConfig c) {
    return new Options(c.ldmgiNeighbours(), c.ldmgiLambda(),
        Discretisation.parse(c.embeddedDiscretisation(), "clustering.embedded_discretisation"), c.restarts());
  }

  @Override
  public Clusterer bind(DataSet data, Options o) {
    int nb = Math.min(data.size() - 1, o.neighbours());
    SparseSymmetric laplacian = Ldmgi.laplacian(data.x(), nb, o.lambda());
    return (k, seed) -> {
      Ldmgi.Result r = Ldmgi.fit(laplacian, new Ldmgi.Options(k, nb, o.lambda(), o.discretisation(), o.restarts(), seed), Progress.NONE);
      return new Clustering(name(), k, r.labels(), null, null, SpectralMethod.sum(r.eigenvalues()), "eigenvalue_sum", r.restarts(),
          r.converged(), null);
    };
  }
}
