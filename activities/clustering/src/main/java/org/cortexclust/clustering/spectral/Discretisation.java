package org.cortexclust.clustering.spectral;

/** How a continuous spectral embedding becomes labels. */
public enum Discretisation {
  /** k-means (k-means++, restarts) on the row-normalised embedding (Ng, Jordan & Weiss 2002). */
  KMEANS,
  /** Spectral rotation (Yu & Shi 2003, docs/science.md §8.1). */
  ROTATION;

  public static Discretisation parse(String s, String key) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "kmeans" -> KMEANS;
      case "rotation" -> ROTATION;
      default -> throw new IllegalArgumentException(key + ": expected 'kmeans' or 'rotation', got '" + s + "'");
    };
  }

  /** Labels from columns {@code g[j]} (each length n). */
  public int[] apply(double[][] g, int restarts, long seed) {
    if (this == ROTATION) return SpectralRotation.discretise(g, 200, seed).labels();
    int c = g.length, n = g[0].length;
    double[][] rows = new double[n][c];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < c; j++) s += g[j][i] * g[j][i];
      s = Math.sqrt(s);
      for (int j = 0; j < c; j++) rows[i][j] = s > 0 ? g[j][i] / s : 0;
    }
    return org.cortexclust.clustering.kmeans.KMeans.fit(rows,
        org.cortexclust.clustering.kmeans.KMeans.Options.of(c, seed).withRestarts(restarts)).labels();
  }
}
