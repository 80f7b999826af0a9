package org.cortexclust.common.config;

/** Config section {@code dec}. Owned by the dec stage. */
public record DecConfig(boolean enabled) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {}
}
