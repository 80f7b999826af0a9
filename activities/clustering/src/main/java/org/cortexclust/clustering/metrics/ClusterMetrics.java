package org.cortexclust.clustering.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Cluster quality and agreement measures (docs/science.md §10). Labels are arbitrary ints (relabelled internally);
 * data are N × d rows with Euclidean distances.
 */
public final class ClusterMetrics {
  private ClusterMetrics() {}

  /**
   * Contingency table of two labelings.
   *
   * @param rowLabels distinct labels of {@code a}, ascending (row order)
   * @param colLabels distinct labels of {@code b}, ascending (column order)
   * @param counts    counts[i][j] = #{p : a_p = rowLabels[i], b_p = colLabels[j]}
   */
  public record Contingency(int[] rowLabels, int[] colLabels, long[][] counts) {
    public long n() {
      long s = 0;
      for (long[] r : counts) for (long v : r) s += v;
      return s;
    }
  }

  /** Contingency ("confusion") matrix; rows = {@code a} (e.g. ground truth), columns = {@code b} (e.g. predicted). */
  public static Contingency contingency(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("labelings differ in length: " + a.length + " vs " + b.length);
    }
    int[] ra = distinct(a), rb = distinct(b);
    long[][] c = new long[ra.length][rb.length];
    for (int p = 0; p < a.length; p++) c[Arrays.binarySearch(ra, a[p])][Arrays.binarySearch(rb, b[p])]++;
    return new Contingency(ra, rb, c);
  }

  /** Alias of {@link #contingency} for readers looking for a confusion matrix. */
  public static Contingency confusionMatrix(int[] truth, int[] predicted) {
    return contingency(truth, predicted);
  }

  private static double comb2(double x) {
    return x * (x - 1) / 2;
  }

  /**
   * Adjusted Rand index (Hubert & Arabie 1985): {@code (Σ C(n_ij) − E) / (½(Σ C(a_i) + Σ C(b_j)) − E)},
   * {@code E = Σ C(a_i) Σ C(b_j) / C(n)}. Returns 1 when both labelings are a single cluster (or identical trivial).
   */
  public static double adjustedRandIndex(int[] a, int[] b) {
    Contingency t = contingency(a, b);
    double n = a.length, sumIj = 0, sumA = 0, sumB = 0;
    double[] colSums = new double[t.colLabels().length];
    for (long[] row : t.counts()) {
      double rs = 0;
      for (int j = 0; j < row.length; j++) {
        sumIj += comb2(row[j]);
        rs += row[j];
        colSums[j] += row[j];
      }
      sumA += comb2(rs);
    }
    for (double cs : colSums) sumB += comb2(cs);
    double expected = sumA * sumB / comb2(n);
    double max = 0.5 * (sumA + sumB);
    if (max == expected) return 1.0; // both partitions trivial (all-in-one or all singletons): perfect agreement
    return (sumIj - expected) / (max - expected);
  }

  /**
   * Normalised mutual information with the arithmetic-mean normalisation {@code I(U;V) / ½(H(U)+H(V))} (sklearn
   * default; DEC paper form). Natural logarithms; 1 when both labelings have a single cluster.
   */
  public static double normalizedMutualInformation(int[] a, int[] b) {
    Contingency t = contingency(a, b);
    double n = a.length;
    double[] rs = new double[t.rowLabels().length], cs = new double[t.colLabels().length];
    for (int i = 0; i < rs.length; i++) {
      for (int j = 0; j < cs.length; j++) {
        rs[i] += t.counts()[i][j];
        cs[j] += t.counts()[i][j];
      }
    }
    double mi = 0;
    for (int i = 0; i < rs.length; i++) {
      for (int j = 0; j < cs.length; j++) {
        double nij = t.counts()[i][j];
        if (nij > 0) mi += nij / n * Math.log(nij * n / (rs[i] * cs[j]));
      }
    }
    double ha = entropy(rs, n), hb = entropy(cs, n);
    if (ha == 0 && hb == 0) return 1.0;
    double denom = 0.5 * (ha + hb);
    return Math.max(0, mi) / denom;
  }

  private static double entropy(double[] counts, double n) {
    double h = 0;
    for (double c : counts) if (c > 0) h -= c / n * Math.log(c / n);
    return h;
  }

  /**
   * Unsupervised accuracy: {@code max_m (1/n) Σ 1{truth_i = m(pred_i)}} over one-to-one maps m (Hungarian
   * assignment on the contingency table; rectangular when the numbers of clusters differ).
   */
  public static double accuracy(int[] truth, int[] predicted) {
    Contingency t = contingency(truth, predicted);
    long[][] c = t.counts();
    double[][] w = new double[c.length][c[0].length];
    for (int i = 0; i < c.length; i++) for (int j = 0; j < c[0].length; j++) w[i][j] = c[i][j];
    int[] match = Hungarian.maximise(w);
    long hit = 0;
    for (int i = 0; i < match.length; i++) if (match[i] >= 0) hit += c[i][match[i]];
    return hit / (double) truth.length;
  }

  /** Silhouette over all points (O(n²·d)); see {@link #silhouette(double[][], int[], int, long)} for large n. */
  public static double silhouette(double[][] x, int[] labels) {
    return silhouette(x, labels, Integer.MAX_VALUE, 0L);
  }

  /**
   * Mean silhouette {@code s(i) = (b_i − a_i)/max(a_i, b_i)} (Rousseeuw 1987). When n exceeds
   * {@code sampleSize}, a seeded uniform subsample of that size is scored against itself (as sklearn's
   * {@code sample_size}). Points alone in their cluster (within the scored set) get s = 0. Returns NaN when fewer
   * than 2 clusters are present.
   */
  public static double silhouette(double[][] x, int[] labels, int sampleSize, long seed) {
    checkRows(x, labels);
    int[] idx = sampleIndices(x.length, sampleSize, seed);
    int m = idx.length;
    int[] lab = new int[m];
    for (int p = 0; p < m; p++) lab[p] = labels[idx[p]];
    int[] distinct = distinct(lab);
    int k = distinct.length;
    if (k < 2) return Double.NaN;
    int[] code = new int[m];
    int[] size = new int[k];
    for (int p = 0; p < m; p++) {
      code[p] = Arrays.binarySearch(distinct, lab[p]);
      size[code[p]]++;
    }
    double total = 0;
    double[] sums = new double[k];
    for (int p = 0; p < m; p++) {
      Arrays.fill(sums, 0);
      double[] xp = x[idx[p]];
      for (int q = 0; q < m; q++) if (q != p) sums[code[q]] += Math.sqrt(sqDist(xp, x[idx[q]]));
      int own = code[p];
      if (size[own] <= 1) continue; // s = 0
      double a = sums[own] / (size[own] - 1), b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) if (c != own) b = Math.min(b, sums[c] / size[c]);
      double mx = Math.max(a, b);
      total += mx > 0 ? (b - a) / mx : 0;
    }
    return total / m;
  }

  /**
   * Davies–Bouldin index {@code (1/k) Σ_i max_{j≠i} (s_i + s_j)/‖c_i − c_j‖}, s_i = mean distance of cluster i's
   * points to its centroid (lower is better). NaN with fewer than 2 clusters.
   */
  public static double daviesBouldin(double[][] x, int[] labels) {
    checkRows(x, labels);
    Centroids c = centroids(x, labels);
    int k = c.means.length;
    if (k < 2) return Double.NaN;
    double[] s = new double[k];
    for (int p = 0; p < x.length; p++) s[c.code[p]] += Math.sqrt(sqDist(x[p], c.means[c.code[p]]));
    for (int j = 0; j < k; j++) s[j] /= c.size[j];
    double db = 0;
    for (int i = 0; i < k; i++) {
      double worst = 0;
      for (int j = 0; j < k; j++) {
        if (j == i) continue;
        double d = Math.sqrt(sqDist(c.means[i], c.means[j]));
        worst = Math.max(worst, d > 0 ? (s[i] + s[j]) / d : Double.POSITIVE_INFINITY);
      }
      db += worst;
    }
    return db / k;
  }

  /**
   * Calinski–Harabasz index {@code [B/(k−1)] / [W/(n−k)]}, B = between-cluster, W = within-cluster sum of squares
   * (higher is better). NaN with fewer than 2 clusters or k = n.
   */
  public static double calinskiHarabasz(double[][] x, int[] labels) {
    checkRows(x, labels);
    Centroids c = centroids(x, labels);
    int k = c.means.length, n = x.length;
    if (k < 2 || k >= n) return Double.NaN;
    double[] grand = new double[x[0].length];
    for (double[] r : x) for (int j = 0; j < grand.length; j++) grand[j] += r[j] / n;
    double between = 0;
    for (int j = 0; j < k; j++) between += c.size[j] * sqDist(c.means[j], grand);
    double within = withinSumOfSquares(x, labels);
    return within == 0 ? Double.POSITIVE_INFINITY : (between / (k - 1)) / (within / (n - k));
  }

  /** Pooled within-cluster sum of squared distances to the cluster centroids (W_k of the gap statistic). */
  public static double withinSumOfSquares(double[][] x, int[] labels) {
    checkRows(x, labels);
    Centroids c = centroids(x, labels);
    double w = 0;
    for (int p = 0; p < x.length; p++) w += sqDist(x[p], c.means[c.code[p]]);
    return w;
  }

  /** Mean and standard deviation of a sample of agreement scores. */
  public record Stability(double mean, double sd, int pairs) {}

  /** Stability across runs: mean ± sd of the ARI over all pairs of labelings of the same points (§10). */
  public static Stability meanPairwiseAri(List<int[]> labelings) {
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < labelings.size(); i++) {
      for (int j = i + 1; j < labelings.size(); j++) v.add(adjustedRandIndex(labelings.get(i), labelings.get(j)));
    }
    return summarise(v);
  }

  /**
   * Stability of subsample fits: for each pair, ARI on the points both subsamples contain. {@code labels[r][i]}
   * is the label of point i in run r, or {@code missing} when point i was not in subsample r.
   */
  public static Stability pairwiseAriOnOverlap(List<int[]> labels, int missing) {
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      for (int j = i + 1; j < labels.size(); j++) {
        int[] a = labels.get(i), b = labels.get(j);
        int cnt = 0;
        for (int p = 0; p < a.length; p++) if (a[p] != missing && b[p] != missing) cnt++;
        int[] aa = new int[cnt], bb = new int[cnt];
        int q = 0;
        for (int p = 0; p < a.length; p++) {
          if (a[p] != missing && b[p] != missing) {
            aa[q] = a[p];
            bb[q++] = b[p];
          }
        }
        if (cnt >= 2) v.add(adjustedRandIndex(aa, bb));
      }
    }
    return summarise(v);
  }

  private static Stability summarise(List<Double> v) {
    if (v.isEmpty()) return new Stability(Double.NaN, Double.NaN, 0);
    double m = 0;
    for (double d : v) m += d;
    m /= v.size();
    double ss = 0;
    for (double d : v) ss += (d - m) * (d - m);
    return new Stability(m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0, v.size());
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  static int[] distinct(int[] a) {
    return Arrays.stream(a).distinct().sorted().toArray();
  }

  /** Sorted seeded subsample of {@code min(n, size)} indices of 0..n−1 (all of them when n ≤ size). */
  public static int[] sampleIndices(int n, int size, long seed) {
    if (size >= n) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) all[i] = i;
      return all;
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      int j = i + rng.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] out = Arrays.copyOf(perm, size);
    Arrays.sort(out);
    return out;
  }

  private static void checkRows(double[][] x, int[] labels) {
    if (x.length != labels.length) {
      throw new IllegalArgumentException("data has " + x.length + " rows but labels has " + labels.length);
    }
    if (x.length == 0) throw new IllegalArgumentException("no points");
  }

  private record Centroids(double[][] means, int[] size, int[] code) {}

  private static Centroids centroids(double[][] x, int[] labels) {
    int[] d = distinct(labels);
    TreeMap<Integer, Integer> index = new TreeMap<>();
    for (int i = 0; i < d.length; i++) index.put(d[i], i);
    int k = d.length, dim = x[0].length;
    double[][] m = new double[k][dim];
    int[] size = new int[k], code = new int[x.length];
    for (int p = 0; p < x.length; p++) {
      int c = index.get(labels[p]);
      code[p] = c;
      size[c]++;
      for (int j = 0; j < dim; j++) m[c][j] += x[p][j];
    }
    for (int c = 0; c < k; c++) for (int j = 0; j < dim; j++) m[c][j] /= size[c];
    return new Centroids(m, size, code);
  }

  static double sqDist(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }
}
