package org.cortexclust.evaluation.report;

import java.util.List;
import java.util.Map;
import org.cortexclust.evaluation.stats.ChiSquareIndependence;
import org.cortexclust.evaluation.stats.CircularStats;
import org.cortexclust.evaluation.stats.KruskalWallis;
import org.cortexclust.evaluation.stats.MutualInformation;
import org.cortexclust.evaluation.stats.Bootstrap;
import org.cortexclust.evaluation.stats.StructureIndex;
import org.cortexclust.evaluation.stats.Summary;

/**
 * The computed answers for one experiment (see {@link ExperimentAnalysis#analyze}).
 *
 * @param metric         performance metric related to clusters (after fallback)
 * @param metricNote     why the metric differs from the requested one, or empty
 * @param rhoStVal       summary of per-neuron validation ρ_st
 * @param rhoStTest      summary of per-neuron test ρ_st
 * @param corrToAvg      summary of per-neuron correlation to average
 * @param perMouse       mouse → summary of the chosen metric
 * @param zeroFraction   fraction of neurons whose chosen metric is exactly 0 (zero-variance, docs/science.md §4)
 * @param clusters       one entry per labels column
 * @param primary        the column shown in detail, or null when there are no labels
 * @param bestK          best k per method and truth-free metric (the criteria that choose k)
 * @param truthBestK     best k per method by agreement with ground-truth types (checks, never criteria)
 * @param dec            DEC trade-off, or null
 * @param groundTruth    one entry per labels column when the data has types, else empty
 * @param orientation    rotation/orientation per cluster of the primary column, or null
 * @param structure      structure index of the pre-DEC aligned embeddings against a one-Gaussian null, or null
 * @param intervals      answer → its interval over neurons: "rho_st_test" (mean), "epsilon2" (the primary
 *                       clustering's Kruskal–Wallis ε²), "ari_truth" (the primary clustering's ARI vs the truth)
 */
public record ExperimentFindings(
    String metric,
    String metricNote,
    Summary rhoStVal,
    Summary rhoStTest,
    Summary corrToAvg,
    Map<String, Summary> perMouse,
    double zeroFraction,
    List<ClusterPerformance> clusters,
    String primary,
    List<BestK> bestK,
    DecFindings dec,
    List<GroundTruthAgreement> groundTruth,
    OrientationFindings orientation,
    List<BestK> truthBestK,
    StructureIndex structure,
    Map<String, Bootstrap.Interval> intervals) {

  /**
   * Relation of performance to one clustering.
   *
   * @param clusterIds  cluster labels in ascending order (unassigned −1 excluded)
   * @param sizes       neurons per cluster, same order
   * @param perCluster  summary of the metric per cluster, same order
   * @param kw          Kruskal–Wallis across clusters, null with fewer than 2 clusters
   * @param mi          MI between cluster and performance quantile, null with fewer than 2 clusters
   * @param mouse       χ² independence of cluster and mouse (Cramér's V), null with fewer than 2 mice or clusters
   */
  public record ClusterPerformance(
      String column,
      String method,
      int k,
      List<Integer> clusterIds,
      List<Integer> sizes,
      List<Summary> perCluster,
      KruskalWallis.Result kw,
      MutualInformation.Result mi,
      ChiSquareIndependence.Result mouse) {}

  /** Best k of one method by one metric, with the rule used (e.g. "max", "min", "gap rule"). */
  public record BestK(String method, String metric, int k, double value, String rule) {}

  /**
   * DEC before/after, like for like.
   *
   * @param rhoStChange     ρ_st after − before (mean over neurons; its interval needs per-neuron after-DEC scores)
   * @param qualityGain     metric → after − before (the same-space silhouettes, see {@code spaces})
   * @param spaces          the baseline and the DEC labels scored by silhouette in one space each time: the pre-DEC
   *                        aligned embeddings (which DEC did not move) and the post-DEC embeddings
   * @param agreement       ARI between the baseline and the DEC labels (no space needed), interval over neurons
   * @param changedFraction share of neurons whose label changed (after the best one-to-one matching of labels)
   * @param verdict         better / worse only when every same-space interval excludes zero the same way
   * @param reason          why the verdict is what it is, in words
   * @param truthBefore     ARI of the baseline against the ground-truth types (NaN without truth)
   * @param truthAfter      ARI of the DEC labels against the truth
   * @param truthChange     interval of truthAfter − truthBefore over neurons, or null without truth
   * @param rhoInterval     interval of the ρ_st change (bounds NaN when the data gives none)
   */
  public record DecFindings(DecRecord record, double rhoStChange, Map<String, Double> qualityGain,
      List<SpaceComparison> spaces, Bootstrap.Interval agreement, double changedFraction, Bootstrap.Verdict verdict,
      String reason, double truthBefore, double truthAfter, Bootstrap.Interval truthChange,
      Bootstrap.Interval rhoInterval) {}

  /**
   * Silhouette of the baseline and of the DEC labels on the same points of one space.
   *
   * @param key         metric key in summary.json (e.g. silhouette_pre_dec_space)
   * @param space       human name of the space
   * @param before      mean silhouette of the baseline labels on the scored points
   * @param after       mean silhouette of the DEC labels on the same points
   * @param difference  after − before, paired over the scored points, Bonferroni-adjusted over the spaces
   * @param movedByDec  whether DEC itself moved these embeddings (its own labels were pulled towards its centres)
   */
  public record SpaceComparison(String key, String space, double before, double after, Bootstrap.Interval difference,
      boolean movedByDec) {}

  /**
   * Agreement of one clustering with ground-truth types.
   *
   * @param types   ground-truth type names (rows)
   * @param clusters cluster labels (columns)
   * @param counts  contingency counts [type][cluster]
   * @param scores  agreement scores (ARI, NMI, ACC) when available
   */
  public record GroundTruthAgreement(
      String column, List<String> types, List<Integer> clusters, int[][] counts, Map<String, Double> scores) {}

  /**
   * Rotation (alignment shift) and ground-truth orientation per cluster of the primary column.
   *
   * @param clusterIds     clusters in order
   * @param rotations      per cluster: rotation angles in degrees [0, 360)
   * @param rotationStats  per cluster: circular statistics of the rotations (period 360°)
   * @param gtOrientations per cluster: ground-truth orientations in degrees [0, 180), empty lists when unknown
   * @param gtStats        per cluster: circular statistics of the orientations (period 180°), or empty
   */
  public record OrientationFindings(
      String column,
      List<Integer> clusterIds,
      List<double[]> rotations,
      List<CircularStats.Result> rotationStats,
      List<double[]> gtOrientations,
      List<CircularStats.Result> gtStats) {}
}
