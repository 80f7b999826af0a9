package org.cortexclust.evaluation.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * DEC fine-tuning before/after numbers of one run.
 *
 * @param lambda          weight of the KL clustering loss
 * @param baselineColumn  the clustering the DEC run started from (e.g. {@code kmeans_10}), may be null
 * @param decColumn       the DEC labels column (e.g. {@code dec_10})
 * @param rhoStBefore     mean ρ_st of the model before DEC on the {@code rhoTier} trials
 * @param rhoStAfter      mean ρ_st after DEC, same trials
 * @param qualityBefore   clustering quality before (e.g. silhouette, stability), by metric name
 * @param qualityAfter    the same metrics after DEC
 * @param rhoTier         which trials the ρ_st before/after scores: {@value #TEST}, or {@value #VALIDATION} when the
 *                        data has no test responses (video models: the Sensorium 2023 oracle score)
 * @param rhoStValChange  validation ρ_st after − before (the tier that may choose λ), NaN when unknown
 * @param decEmbeddings   N × d embeddings after DEC, put in the alignment stage's frame (same shifts and
 *                        normalisation as the pre-DEC aligned embeddings), or null
 * @param rhoStTestAfter  per neuron (report order): test ρ_st of the model after DEC (the dec artifact's
 *                        {@code rho_st.csv}), NaN where a neuron has none; null when the artifact has no such file
 */
public record DecRecord(
    double lambda,
    String baselineColumn,
    String decColumn,
    double rhoStBefore,
    double rhoStAfter,
    Map<String, Double> qualityBefore,
    Map<String, Double> qualityAfter,
    String rhoTier,
    double rhoStValChange,
    double[][] decEmbeddings,
    double[] rhoStTestAfter) {
  public static final String TEST = "test";
  public static final String VALIDATION = "validation";

  public DecRecord {
    qualityBefore = qualityBefore == null ? Map.of() : new TreeMap<>(qualityBefore);
    qualityAfter = qualityAfter == null ? Map.of() : new TreeMap<>(qualityAfter);
    if (!TEST.equals(rhoTier) && !VALIDATION.equals(rhoTier)) {
      throw new IllegalArgumentException("rhoTier must be '" + TEST + "' or '" + VALIDATION + "', got '" + rhoTier + "'");
    }
  }

  /** Without per-neuron scores after DEC. */
  public DecRecord(double lambda, String baselineColumn, String decColumn, double rhoStBefore, double rhoStAfter,
      Map<String, Double> qualityBefore, Map<String, Double> qualityAfter, String rhoTier, double rhoStValChange,
      double[][] decEmbeddings) {
    this(lambda, baselineColumn, decColumn, rhoStBefore, rhoStAfter, qualityBefore, qualityAfter, rhoTier,
        rhoStValChange, decEmbeddings, null);
  }

  /** Without validation change and embeddings. */
  public DecRecord(double lambda, String baselineColumn, String decColumn, double rhoStBefore, double rhoStAfter,
      Map<String, Double> qualityBefore, Map<String, Double> qualityAfter, String rhoTier) {
    this(lambda, baselineColumn, decColumn, rhoStBefore, rhoStAfter, qualityBefore, qualityAfter, rhoTier, Double.NaN,
        null);
  }

  /** Before/after scored on the test tier. */
  public DecRecord(double lambda, String baselineColumn, String decColumn, double rhoStBefore, double rhoStAfter,
      Map<String, Double> qualityBefore, Map<String, Double> qualityAfter) {
    this(lambda, baselineColumn, decColumn, rhoStBefore, rhoStAfter, qualityBefore, qualityAfter, TEST);
  }

  /** ρ_st after − before (negative = DEC cost predictive performance). */
  public double rhoStChange() {
    return rhoStAfter - rhoStBefore;
  }
}
