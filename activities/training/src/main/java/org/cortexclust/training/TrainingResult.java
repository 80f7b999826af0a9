package org.cortexclust.training;

import java.util.List;
import java.util.Map;
import org.cortexclust.training.spec.ModelSpec;

/**
 * A trained model: the spec, its best tensors by name (float32), the history and the final state.
 *
 * @param bestRhoVal mean validation single-trial correlation of the returned tensors
 * @param stopReason why training ended (patience exhausted in the last phase, epoch cap; a non-finite loss throws TrainingDivergedException)
 */
public record TrainingResult(
    ModelSpec spec,
    Map<String, float[]> params,
    List<EpochRecord> history,
    double bestRhoVal,
    int bestEpoch,
    String stopReason,
    TrainingState finalState) {}
