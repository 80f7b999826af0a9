package org.cortexclust.clustering.method;

import java.util.ArrayList;
import java.util.List;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.clustering.linalg.SparseSymmetric;
import org.cortexclust.clustering.spectral.Discretisation;
import org.cortexclust.clustering.spectral.SpectralClustering;
import org.cortexclust.common.config.ClusteringConfig;
import org.cortexclust.common.progress.Progress;

/** Spectral clustering on the self-tuning k-NN graph (shared with SEC); k chosen by the largest eigengap. */
public final class SpectralMethod implements ClusteringMethod<SpectralMethod.Options> {
  /**
   * @param graph          the k-NN graph ({@code clustering.graph_neighbours}, {@code graph_scale_neighbour})
   * @param discretisation embedding → labels ({@code clustering.spectral_discretisation})
   * @param restarts       k-means restarts of the discretisation ({@code clustering.restarts})
   */
  public record Options(KnnGraph graph, Discretisation discretisation, int restarts) {}

  /**
   * The normalised self-tuning k-NN graph, built once per data set for spectral clustering and SEC.
   *
   * @param neighbours     neighbours per point (capped at n − 1)
   * @param scaleNeighbour the neighbour whose distance sets each point's kernel width
   */
  public record KnnGraph(int neighbours, int scaleNeighbour) {
    public static KnnGraph of(ClusteringConfig c) {
      return new KnnGraph(c.graphNeighbours(), c.graphScaleNeighbour());
    }

    int neighboursFor(int n) {
      return Math.min(n - 1, neighbours);
    }

    SparseSymmetric build(DataSet data) {
      int nb = neighboursFor(data.size());
      return data.shared("knn-graph/" + nb + "/" + scaleNeighbour,
          () -> SpectralClustering.normalisedAdjacency(data.x(), nb, scaleNeighbour));
    }
  }

  @Override
  public String name() {
    return "spectral";
  }

  @Override
  public Options options(ClusteringConfig c) {
    return new Options(KnnGraph.of(c), Discretisation.parse(c.spectralDiscretisation(), "clustering.spectral_discretisation"),
        c.restarts());
  }

  @Override
  public Clusterer bind(DataSet data, Options o) {
    SparseSymmetric graph = o.graph().build(data);
    int n = data.size(), nb = o.graph().neighboursFor(n);
    return new Clusterer() {
      @Override
      public Clustering fit(int k, long seed) {
        SpectralClustering.Result r = SpectralClustering.fit(graph,
            new SpectralClustering.Options(k, nb, o.graph().scaleNeighbour(), o.discretisation(), o.restarts(), seed), Progress.NONE);
        return new Clustering(name(), k, r.labels(), null, null, sum(r.eigenvalues()), "eigenvalue_sum", r.restarts(), r.converged(),
            null);
      }

      @Override
      public Selection select(int[] ks, List<Clustering> fits, double[] silhouettes) {
        double[] lam = SpectralClustering.laplacianSpectrum(graph, Math.min(n - 1, ks[ks.length - 1] + 1), data.seed());
        double[] gaps = KSelection.eigengaps(ks, lam);
        List<KSelection.Row> rows = new ArrayList<>();
        for (int ki = 0; ki < ks.length; ki++) rows.add(new KSelection.Row(name(), ks[ki], "eigengap", gaps[ki]));
        int rec = KSelection.bestK(ks, gaps, KSelection.Rule.MAX);
        return Selection.of(name(), ks, rec, "eigengap", rows, gaps[Selection.index(ks, rec)]);
      }
    };
  }

  static double sum(double[] v) {
    double s = 0;
    for (double d : v) s += d;
    return s;
  }
}
