package org.cortexclust.evaluation.report;

import java.util.Map;

/**
 * Scores agreement of predicted cluster labels with ground-truth labels (e.g. ARI, NMI, ACC). The evaluation
 * stage uses the clustering module's metrics; it is an interface so the analysis does not fix the metric set.
 */
@FunctionalInterface
public interface AgreementScorer {
  /** Named scores for {@code truth} vs {@code predicted} (equal length, non-negative labels). */
  Map<String, Double> score(int[] truth, int[] predicted);

  /** No scores: the report then shows only the contingency table. */
  AgreementScorer NONE = (t, p) -> Map.of();
}
