package org.cortexclust.evaluation.report;

import java.util.List;

/**
 * Options of the analysis and report (the adapter fills them from the {@code evaluation} config section).
 *
 * @param performanceMetric rho_st_test, rho_st_val or corr_to_avg
 * @param quantileBins      performance quantile bins for the MI
 * @param permutations      permutations for the MI null (0 = analytic bias only)
 * @param alpha             significance level for plain-words answers
 * @param primaryClustering METHOD_K column shown in detail, or null to choose automatically
 * @param maxScatterPoints  subsample size for scatter plots
 * @param histogramBins     bins of the ρ_st histogram
 * @param seed              seed for permutations and subsampling
 */
public record ReportOptions(
    String performanceMetric,
    int quantileBins,
    int permutations,
    double alpha,
    String primaryClustering,
    int maxScatterPoints,
    int histogramBins,
    long seed) {
  public static final List<String> METRICS = List.of("rho_st_test", "rho_st_val", "corr_to_avg");

  public ReportOptions {
    if (!METRICS.contains(performanceMetric)) {
      throw new IllegalArgumentException("evaluation.performance_metric must be one of " + METRICS + ", got '"
          + performanceMetric + "'");
    }
    if (quantileBins < 2) {
      throw new IllegalArgumentException("evaluation.quantile_bins must be >= 2, got " + quantileBins);
    }
    if (permutations < 0) {
      throw new IllegalArgumentException("evaluation.permutations must be >= 0, got " + permutations);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("evaluation.alpha must be in (0, 1), got " + alpha);
    }
    if (maxScatterPoints < 1 || histogramBins < 1) {
      throw new IllegalArgumentException("evaluation.max_scatter_points and histogram_bins must be >= 1");
    }
  }

  /** Same values as the shipped {@code evaluation.yaml} defaults. */
  public static ReportOptions defaults(long seed) {
    return new ReportOptions("rho_st_test", 4, 1000, 0.05, null, 20000, 40, seed);
  }
}
