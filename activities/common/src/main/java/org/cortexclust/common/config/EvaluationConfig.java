package org.cortexclust.common.config;

/** Config section {@code evaluation}. Owned by the evaluation stage. */
public record EvaluationConfig(boolean enabled) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {}
}
