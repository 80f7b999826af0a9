package org.cortexclust.dec;

/**
 * One target refresh of a DEC run (a row of {@code history.csv}).
 *
 * @param step          optimiser steps done (embeddings-only) or epochs done (joint)
 * @param kl            KL(P‖Q) per neuron with the target used since the previous refresh
 * @param other         the second loss term per neuron: the anchor ½‖z − z₀‖² (embeddings-only) or the model
 *                      objective (joint)
 * @param changed       fraction of neurons whose hard label changed since the previous refresh
 * @param rhoVal        validation ρ_st after this refresh (NaN when there is no model)
 */
public record Refresh(long step, double kl, double other, double changed, double rhoVal) {}
