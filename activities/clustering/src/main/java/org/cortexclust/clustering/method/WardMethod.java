package org.cortexclust.clustering.method;

import org.cortexclust.common.config.ClusteringConfig;
import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.WardLinkage;

/**
 * Agglomerative clustering with Ward's linkage (Ward 1963: each merge adds the least within-cluster sum of squares),
 * Smile's implementation: one dendrogram per data set, cut at every k. Deterministic (no seed), so its stability
 * runs agree by construction. Centres are the clusters' means; the objective is the partition's within-cluster sum
 * of squares (comparable with k-means' inertia). Ward keeps the n(n−1)/2 pairwise distances as float32, so the
 * stage refuses a data set whose matrix would take more than half the heap, naming the size.
 */
public final class WardMethod implements ClusteringMethod<WardMethod.Options> {
  /** @param maxHeapFraction largest share of the JVM heap the distance matrix may take */
  public record Options(double maxHeapFraction) {
    public static final Options DEFAULT = new Options(0.5);
  }

  @Override
  public String name() {
    return "ward";
  }

  @Override
  public Options options(ClusteringConfig config) {
    return Options.DEFAULT;
  }

  /** Bytes of the condensed distance matrix of n points. */
  public static long matrixBytes(int n) {
    return (long) n * (n - 1) / 2 * Float.BYTES;
  }

  @Override
  public Clusterer bind(DataSet data, Options o) {
    double[][] x = data.x();
    int n = x.length;
    long need = matrixBytes(n), heap = Runtime.getRuntime().maxMemory();
    if (need > o.maxHeapFraction() * heap) {
      throw new IllegalArgumentException("clustering.methods: ward needs the " + n + " x " + n + " distance matrix (" + need / (1 << 20)
          + " MiB) but the heap is " + heap / (1 << 20) + " MiB; drop ward for this many neurons or raise -Xmx");
    }
    HierarchicalClustering tree = HierarchicalClustering.fit(WardLinkage.of(x));
    return (k, seed) -> {
      int[] labels = relabel(tree.partition(k), k);
      double[][] centres = means(x, labels, k);
      double wss = 0;
      for (int i = 0; i < n; i++) {
        double[] c = centres[labels[i]];
        for (int f = 0; f < c.length; f++) {
          double d = x[i][f] - c[f];
          wss += d * d;
        }
      }
      return new Clustering(name(), k, labels, centres, null, wss, "within_ss", n - k, true, null);
    };
  }

  /** Labels renumbered 0..k−1 in order of first appearance (Smile's cut numbers clusters by merge order). */
  static int[] relabel(int[] raw, int k) {
    java.util.Map<Integer, Integer> map = new java.util.HashMap<>();
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) out[i] = map.computeIfAbsent(raw[i], v -> map.size());
    if (map.size() != k) throw new IllegalStateException("ward: the dendrogram cut gave " + map.size() + " clusters, not " + k);
    return out;
  }

  static double[][] means(double[][] x, int[] labels, int k) {
    int d = x[0].length;
    double[][] c = new double[k][d];
    int[] count = new int[k];
    for (int i = 0; i < x.length; i++) {
      count[labels[i]]++;
      for (int f = 0; f < d; f++) c[labels[i]][f] += x[i][f];
    }
    for (int j = 0; j < k; j++) for (int f = 0; f < d; f++) c[j][f] /= count[j];
    return c;
  }
}
