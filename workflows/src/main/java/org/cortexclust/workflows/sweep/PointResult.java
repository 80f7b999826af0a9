package org.cortexclust.workflows.sweep;

import java.util.Map;
import org.cortexclust.workflows.contract.Stages;

/**
 * The outcome of one sweep point.
 *
 * @param status    {@code success} or {@code failed}
 * @param artifacts stage name to artifact id (what finished)
 * @param metrics   stage.metric to value
 * @param error     failure message, or null
 * @param cacheHits stages that were cache hits
 */
public record PointResult(int index, String runId, String status, Map<String, String> assignment,
    Map<String, String> artifacts, Map<String, Double> metrics, String error, int cacheHits) {

  /**
   * The artifact of the point's last stage in data-flow order ({@link Stages#ORDER}: the evaluation when it finished),
   * whatever order the map iterates in; a stage outside that order counts only when no listed one finished; null when
   * nothing finished.
   */
  public String finalArtifact() {
    String last = null;
    int at = -2;
    for (var e : artifacts == null ? Map.<String, String>of().entrySet() : artifacts.entrySet()) {
      int i = Stages.ORDER.indexOf(e.getKey());
      if (i > at) {
        at = i;
        last = e.getValue();
      }
    }
    return last;
  }
}
