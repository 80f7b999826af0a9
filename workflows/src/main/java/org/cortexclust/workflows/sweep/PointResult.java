package org.cortexclust.workflows.sweep;

import java.util.Map;

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
    Map<String, String> artifacts, Map<String, Double> metrics, String error, int cacheHits) {}
