package org.cortexclust.training;

/** One row of {@code history.csv}: epoch (1-based), mean training objective per step, validation ρ_st, LR, wall s. */
public record EpochRecord(int epoch, double loss, double rhoStVal, double lr, double seconds) {}
