package org.cortexclust.training;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to resume training exactly (engine-neutral): all tensors, Adam moments, the best tensors so
 * far, counters and history. Random streams are derived from (seed, epoch, step), so no generator state is needed
 * beyond the counters.
 *
 * @param architectureHash of the spec the tensors belong to
 * @param epoch            epochs completed
 * @param adamStep         optimiser steps taken
 * @param lr               current learning rate
 * @param bestScore        best validation ρ_st (−∞ before the first evaluation)
 * @param bestEpoch        epoch of the best score (0 = none)
 * @param badEpochs        epochs since the last improvement in the current phase
 * @param phase            LR phase (0-based)
 * @param finished         true once training stopped (a resumed finished state trains no further)
 */
public record TrainingState(
    String architectureHash,
    int epoch,
    long adamStep,
    double lr,
    double bestScore,
    int bestEpoch,
    int badEpochs,
    int phase,
    boolean finished,
    String stopReason,
    Map<String, float[]> tensors,
    Map<String, float[]> adamM,
    Map<String, float[]> adamV,
    Map<String, float[]> best,
    List<EpochRecord> history) {}
