package org.cortexclust.common.config;

/** A config section bound from YAML (snake_case keys, defaults from {@code cortexclust/defaults/<section>.yaml}). */
public interface SectionConfig {
  /** Add range and consistency problems to {@code errors}; {@code prefix} is the section's dotted path. */
  void validate(ConfigErrors errors, String prefix);
}
