package org.cortexclust.common.config;

/**
 * Config section {@code alignment}. Owned by the alignment stage (docs/science.md §5.4).
 *
 * @param enabled       run the stage
 * @param normalise     L2-normalise each neuron before aligning
 * @param templates     1 = common template; more = rotation-invariant k-means templates
 * @param maxIterations cap on template/shift update rounds
 */
public record AlignmentConfig(boolean enabled, boolean normalise, int templates, int maxIterations) implements SectionConfig {
  @Override
  public void validate(ConfigErrors e, String p) {
    e.range(p + ".templates", templates, 1, 1000);
    e.range(p + ".max_iterations", maxIterations, 0, 100_000);
  }
}
