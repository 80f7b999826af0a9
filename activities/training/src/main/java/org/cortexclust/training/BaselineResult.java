package org.cortexclust.training;

/** A linear-nonlinear baseline fitted on the same data: mean ρ_st on validation and test, and the chosen L2 weight. */
public record BaselineResult(double rhoStVal, double rhoStTest, double l2) {}
