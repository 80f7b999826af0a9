package org.cortexclust.clustering.method;

import java.util.ArrayList;
import java.util.List;
import org.cortexclust.clustering.kselection.KSelection;

/**
 * A method's recommended k and the k-selection rows that chose it (the curve, then one {@code recommended_by_RULE}
 * row at the chosen k).
 *
 * @param k    recommended k
 * @param rule the criterion's name (bic, eigengap, gap, silhouette)
 */
public record Selection(int k, String rule, List<KSelection.Row> rows) {
  public Selection {
    rows = List.copyOf(rows);
  }

  /** Largest silhouette (NaN counts as −2, below any silhouette). */
  public static Selection bySilhouette(String method, int[] ks, double[] silhouettes) {
    double[] v = silhouettes.clone();
    for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) v[i] = -2;
    int k = KSelection.bestK(ks, v, KSelection.Rule.MAX);
    return of(method, ks, k, "silhouette", List.of(), silhouettes[index(ks, k)]);
  }

  /** A selection whose curve rows come first, then {@code recommended_by_RULE} with {@code value} at {@code k}. */
  public static Selection of(String method, int[] ks, int k, String rule, List<KSelection.Row> curve, double value) {
    List<KSelection.Row> rows = new ArrayList<>(curve);
    rows.add(new KSelection.Row(method, k, "recommended_by_" + rule, value));
    return new Selection(k, rule, rows);
  }

  public static int index(int[] ks, int k) {
    for (int i = 0; i < ks.length; i++) if (ks[i] == k) return i;
    throw new IllegalArgumentException("k " + k + " is not on the grid");
  }
}
