package org.cortexclust.workflows.sweep;

import java.util.Map;

/**
 * One point of a sweep grid.
 *
 * @param index      position in the grid (0-based)
 * @param runId      the experiment id of this point (from its config hash)
 * @param configJson canonical config of the point
 * @param assignment the swept keys and their values at this point
 */
public record SweepPoint(int index, String runId, String configJson, Map<String, String> assignment) {}
