package org.cortexclust.clustering.method;

import java.util.List;
import org.cortexclust.clustering.kselection.KSelection;

/**
 * A clustering method bound to one data set and its options (see {@link ClusteringMethod#bind}); whatever it
 * precomputes once (a k-NN graph, a Laplacian) is shared by every k and seed.
 */
public interface Clusterer {
  /** Fit at {@code k} clusters with {@code seed}; deterministic for the same (data, options, k, seed). */
  Clustering fit(int k, long seed);

  /** Extra k-selection rows of one fit, after the common ones (GMM: its BIC). */
  default List<KSelection.Row> curveRows(Clustering fit) {
    return List.of();
  }

  /**
   * The recommended k over the grid, with the rows of the curve that chose it. The default picks the largest
   * silhouette ({@link Selection#bySilhouette}).
   *
   * @param fits        one fit per k, in {@code ks} order
   * @param silhouettes the (sampled) silhouette of each fit; NaN where undefined
   */
  default Selection select(int[] ks, List<Clustering> fits, double[] silhouettes) {
    return Selection.bySilhouette(fits.get(0).method(), ks, silhouettes);
  }
}
