package org.cortexclust.clustering.method;

import java.util.ArrayList;
import java.util.List;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.kselection.KSelection;
import org.cortexclust.common.config.ClusteringConfig;

/** k-means (k-means++ with restarts, Lloyd); k chosen by the gap statistic when computed, else by silhouette. */
public final class KMeansMethod implements ClusteringMethod<KMeansMethod.Options> {
  /**
   * @param restarts      k-means++ restarts ({@code clustering.restarts})
   * @param maxIterations Lloyd iteration cap ({@code clustering.max_iterations})
   * @param gapReferences reference sets of the gap statistic, 0 = choose k by silhouette ({@code clustering.gap_references})
   */
  public record Options(int restarts, int maxIterations, int gapReferences) {}

  @Override
  public String name() {
    return "kmeans";
  }

  @Override
  public Options options(ClusteringConfig c) {
    return new Options(c.restarts(), c.maxIterations(), c.gapReferences());
  }

  @Override
  public Clusterer bind(DataSet data, Options o) {
    double[][] x = data.x();
    return new Clusterer() {
      @Override
      public Clustering fit(int k, long seed) {
        KMeans.Result r = KMeans.fit(x, new KMeans.Options(k, o.restarts(), o.maxIterations(), KMeans.Options.DEFAULT_TOLERANCE, seed));
        return result(name(), k, r);
      }

      @Override
      public Selection select(int[] ks, List<Clustering> fits, double[] silhouettes) {
        if (o.gapReferences() <= 0 || ks.length < 2) return Selection.bySilhouette(name(), ks, silhouettes);
        KSelection.Gap g = KSelection.gapStatistic(x, ks, o.gapReferences(), Math.min(3, o.restarts()), data.seed());
        List<KSelection.Row> rows = new ArrayList<>();
        for (int ki = 0; ki < ks.length; ki++) {
          rows.add(new KSelection.Row(name(), ks[ki], "gap", g.gap()[ki]));
          rows.add(new KSelection.Row(name(), ks[ki], "gap_s", g.s()[ki]));
        }
        int rec = KSelection.gapRule(g);
        return Selection.of(name(), ks, rec, "gap", rows, g.gap()[Selection.index(ks, rec)]);
      }
    };
  }

  /** A k-means result as a {@link Clustering}: centroids, inertia, nearest-centroid predict. */
  static Clustering result(String method, int k, KMeans.Result r) {
    double[][] c = r.centres();
    return new Clustering(method, k, r.labels(), c, null, r.objective(), "inertia", r.iterations(), r.converged(), x -> {
      int[] lab = new int[x.length];
      KMeans.assign(x, c, lab, new double[x.length]);
      return lab;
    });
  }
}
