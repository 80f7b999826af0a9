package org.cortexclust.evaluation.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * DEC fine-tuning before/after numbers of one run.
 *
 * @param lambda          weight of the KL clustering loss
 * @param baselineColumn  the clustering the DEC run started from (e.g. {@code kmeans_10}), may be null
 * @param decColumn       the DEC labels column (e.g. {@code dec_10})
 * @param rhoStBefore     mean test ρ_st of the model before DEC
 * @param rhoStAfter      mean test ρ_st after DEC
 * @param qualityBefore   clustering quality before (e.g. silhouette, stability), by metric name
 * @param qualityAfter    the same metrics after DEC
 */
public record DecRecord(
    double lambda,
    String baselineColumn,
    String decColumn,
    double rhoStBefore,
    double rhoStAfter,
    Map<String, Double> qualityBefore,
    Map<String, Double> qualityAfter) {
  public DecRecord {
    qualityBefore = qualityBefore == null ? Map.of() : new TreeMap<>(qualityBefore);
    qualityAfter = qualityAfter == null ? Map.of() : new TreeMap<>(qualityAfter);
  }

  /** ρ_st after − before (negative = DEC cost predictive performance). */
  public double rhoStChange() {
    return rhoStAfter - rhoStBefore;
  }
}
