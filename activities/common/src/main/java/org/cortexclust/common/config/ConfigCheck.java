package org.cortexclust.common.config;

/**
 * A check of the whole config that a stage's module contributes, for what only that module knows (e.g. the training
 * module's readout registry). Implementations are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/org.cortexclust.common.config.ConfigCheck} of their module) and run after the sections'
 * own checks, their problems reported with every other.
 */
public interface ConfigCheck {
  void validate(ExperimentConfig config, ConfigErrors errors);
}
