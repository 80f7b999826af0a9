package org.cortexclust.workflows.sweep;

/** The outcome of a sweep: counts and the aggregate table's artifact id. */
public record SweepResult(String sweepId, int total, int succeeded, int failed, String tableArtifactId) {}
