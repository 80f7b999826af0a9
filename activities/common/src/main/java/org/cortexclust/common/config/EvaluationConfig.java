package org.cortexclust.common.config;

import java.util.List;

/**
 * Config section {@code evaluation}. Owned by the evaluation stage; defaults in
 * {@code cortexclust/defaults/evaluation.yaml} (keep both in sync).
 *
 * @param enabled            run the evaluation stage
 * @param performanceMetric  per-neuron performance related to clusters: rho_st_test, rho_st_val or corr_to_avg
 * @param quantileBins       performance quantile bins for the mutual information with cluster labels
 * @param permutations       label permutations for the MI null distribution (0 = analytic bias only)
 * @param alpha              significance level used in the report's plain-words answers
 * @param primaryClustering  METHOD_K column shown in detail (t-SNE colours, box plots, orientation); null = the
 *                           DEC column when present, else the k-means column with the best silhouette, else the first
 * @param maxScatterPoints   neurons drawn in scatter plots (a seeded subsample above this; statistics use all)
 * @param histogramBins      bins of the ρ_st histogram
 * @param sweepRows          sweep report: config key for the rows of the t-SNE grid (null = detect, e.g. readout type)
 * @param sweepColumns       sweep report: config key for the columns / x axis (null = detect, e.g. γ)
 * @param sweepLambda        sweep report: config key of the DEC loss weight λ (null = detect a key containing "lambda")
 */
public record EvaluationConfig(
    boolean enabled,
    String performanceMetric,
    int quantileBins,
    int permutations,
    double alpha,
    String primaryClustering,
    int maxScatterPoints,
    int histogramBins,
    String sweepRows,
    String sweepColumns,
    String sweepLambda)
    implements SectionConfig {

  public static final List<String> PERFORMANCE_METRICS = List.of("rho_st_test", "rho_st_val", "corr_to_avg");

  /** The values of {@code evaluation.yaml}, for code paths that have no loaded config (tests, tools). */
  public static EvaluationConfig defaults() {
    return new EvaluationConfig(true, "rho_st_test", 4, 1000, 0.05, null, 20000, 40, null, null, null);
  }

  @Override
  public void validate(ConfigErrors e, String p) {
    e.oneOf(p + ".performance_metric", performanceMetric, PERFORMANCE_METRICS);
    e.range(p + ".quantile_bins", quantileBins, 2, 100);
    e.range(p + ".permutations", permutations, 0, 1_000_000);
    e.check(alpha > 0 && alpha < 1, p + ".alpha", "must be in (0, 1), got " + alpha);
    e.check(primaryClustering == null || primaryClustering.matches("[A-Za-z0-9]+(_[A-Za-z0-9]+)*_\\d+"),
        p + ".primary_clustering", "must be a METHOD_K column name such as kmeans_10, got '" + primaryClustering + "'");
    e.range(p + ".max_scatter_points", maxScatterPoints, 100, 1_000_000);
    e.range(p + ".histogram_bins", histogramBins, 5, 500);
  }
}
