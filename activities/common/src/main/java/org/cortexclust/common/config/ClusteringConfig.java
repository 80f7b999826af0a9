package org.cortexclust.common.config;

/** Config section {@code clustering}. Owned by the clustering stage. */
public record ClusteringConfig(boolean enabled) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {}
}
