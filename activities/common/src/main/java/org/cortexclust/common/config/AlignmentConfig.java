package org.cortexclust.common.config;

/** Config section {@code alignment}. Owned by the alignment stage. */
public record AlignmentConfig(boolean enabled) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {}
}
