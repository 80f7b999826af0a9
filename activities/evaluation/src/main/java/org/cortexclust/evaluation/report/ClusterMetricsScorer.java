package org.cortexclust.evaluation.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cortexclust.clustering.metrics.ClusterMetrics;

/** Ground-truth agreement with the clustering module's metrics: ARI, NMI (arithmetic mean) and Hungarian ACC. */
public final class ClusterMetricsScorer implements AgreementScorer {
  public static final ClusterMetricsScorer INSTANCE = new ClusterMetricsScorer();

  private ClusterMetricsScorer() {}

  @Override
  public Map<String, Double> score(int[] truth, int[] predicted) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ARI", ClusterMetrics.adjustedRandIndex(truth, predicted));
    m.put("NMI", ClusterMetrics.normalizedMutualInformation(truth, predicted));
    m.put("ACC", ClusterMetrics.accuracy(truth, predicted));
    return m;
  }
}
