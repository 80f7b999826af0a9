package org.cortexclust.common.config;

/**
 * Config section {@code data}: where the data comes from and how it is prepared. Owned by the data stage.
 *
 * @param source folder, zip, {@code s3://bucket/prefix} or {@code https://} URL; {@code simulate} uses the simulator
 */
public record DataConfig(String source, int imageHeight, int imageWidth, boolean includeBehavior, SimulatorConfig simulate)
    implements SectionConfig {

  /** The V1 population simulator's settings (used when {@code source} is {@code simulate}). */
  public record SimulatorConfig(int mice, int neurons, int trials, int height, int width, long seed) {}

  @Override
  public void validate(ConfigErrors e, String p) {
    e.check(source != null && !source.isBlank(), p + ".source", "must name a folder, zip, s3:// or https:// source, or 'simulate'");
    e.range(p + ".image_height", imageHeight, 4, 1024);
    e.range(p + ".image_width", imageWidth, 4, 1024);
    e.range(p + ".simulate.mice", simulate.mice(), 1, 20);
    e.range(p + ".simulate.neurons", simulate.neurons(), 1, 100_000);
    e.range(p + ".simulate.trials", simulate.trials(), 10, 100_000);
  }
}
