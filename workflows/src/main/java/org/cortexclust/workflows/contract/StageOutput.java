package org.cortexclust.workflows.contract;

import java.util.Map;
import java.util.TreeMap;

/**
 * What every stage activity returns.
 *
 * @param stage      stage name
 * @param artifactId id of the stage's published manifest (the stage's output artifact)
 * @param cacheHit   true when a manifest with the same key existed and nothing was recomputed
 * @param metrics    headline numbers (e.g. "rho_st_test"), small
 * @param seconds    wall time of the stage body (0 on a cache hit)
 */
public record StageOutput(String stage, String artifactId, boolean cacheHit, Map<String, Double> metrics, double seconds) {
  public StageOutput {
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
  }
}
