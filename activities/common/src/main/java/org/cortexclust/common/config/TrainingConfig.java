package org.cortexclust.common.config;

import java.util.List;

/** Config section {@code training}: the core+readout model and its optimisation. Owned by the training stage. */
public record TrainingConfig(String engine, String device, int epochs, int batchSize, double learningRate) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {
    e.oneOf(p + ".engine", engine, List.of("libtorch", "dl4j"));
    e.oneOf(p + ".device", device, List.of("cpu", "cuda"));
    e.range(p + ".epochs", epochs, 1, 10_000);
    e.range(p + ".batch_size", batchSize, 1, 65_536);
    e.range(p + ".learning_rate", learningRate, 1e-7, 1);
  }
}
