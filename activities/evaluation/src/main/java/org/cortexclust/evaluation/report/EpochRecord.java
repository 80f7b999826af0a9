package org.cortexclust.evaluation.report;

/** One row of a training history ({@code history.csv}: epoch, loss, rho_st_val, lr, seconds). */
public record EpochRecord(int epoch, double loss, double rhoStVal, double lr, double seconds) {}
