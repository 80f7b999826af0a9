package org.cortexclust.common.config;

/**
 * A whole experiment: bound from YAML after defaults are merged and every key validated ({@link ConfigLoader}).
 *
 * @param name a label for people; not part of any stage's identity
 * @param seed the experiment seed: every random choice derives from it
 */
public record ExperimentConfig(
    String name,
    long seed,
    DataConfig data,
    TrainingConfig training,
    AlignmentConfig alignment,
    ClusteringConfig clustering,
    DecConfig dec,
    EvaluationConfig evaluation,
    EmbeddingsSourceConfig embeddingsSource) {}
