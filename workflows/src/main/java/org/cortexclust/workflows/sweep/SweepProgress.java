package org.cortexclust.workflows.sweep;

/** Answer of the sweep progress query. */
public record SweepProgress(String sweepId, int total, int started, int succeeded, int failed, int running, int maxInFlight,
    int continuedAsNew) {}
