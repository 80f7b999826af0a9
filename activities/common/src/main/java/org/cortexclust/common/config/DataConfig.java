package org.cortexclust.common.config;

import java.util.List;

/**
 * Config section {@code data}: where the data comes from and how it is prepared. Owned by the data stage.
 *
 * @param source          {@code simulate}; {@code simulate-video} (a dynamic dataset); a local Sensorium 2022 static or
 *                        Sensorium 2023 video mouse folder, a folder of mouse folders
 *                        and/or mouse zips, or one mouse zip; an {@code http(s)://} release zip (resumable download);
 *                        {@code s3://bucket/prefix} on the artifact store's endpoint (same credentials)
 * @param imageHeight     prepared image height (the baseline's 36)
 * @param imageWidth      prepared image width (the baseline's 64)
 * @param includeBehavior append the 3 normalised behaviour values as constant input channels (4 channels in all)
 * @param resize          {@code bilinear} (the baseline's skimage rescale, order 1, no anti-aliasing) or {@code area}
 * @param sha256          expected SHA-256 of a downloaded source archive, or null to record without checking
 * @param simulate        the simulator's settings (used when {@code source} is {@code simulate})
 * @param simulateVideo   the video simulator's settings (used when {@code source} is {@code simulate-video}: a dynamic
 *                        dataset in the Sensorium 2023 layout)
 */
public record DataConfig(String source, int imageHeight, int imageWidth, boolean includeBehavior, String resize, String sha256,
    SimulatorConfig simulate, VideoSimulatorConfig simulateVideo) implements SectionConfig {

  /** The {@code source} value that simulates a dynamic (video) dataset. */
  public static final String SIMULATE_VIDEO = "simulate-video";

  /** True when {@code source} names the video simulator (a dynamic run). */
  public boolean simulatesVideo() {
    return SIMULATE_VIDEO.equals(source == null ? null : source.trim());
  }

  /**
   * The video simulator's settings (Sensorium 2023 layout, drifting and natural-like movies).
   *
   * @param mice           mice (recordings)
   * @param neurons        neurons per mouse
   * @param trials         trials (clips) per mouse
   * @param height         frame height (36 in the release)
   * @param width          frame width (64 in the release)
   * @param minFrames      shortest clip in frames
   * @param maxFrames      longest clip; arrays are NaN-padded to it
   * @param oracleFraction fraction of trials in the {@code oracle} tier (validation and score); the rest are {@code train}
   * @param seed           simulator seed (same seed, byte-identical files)
   * @param eyeShift       pixels that receptive fields move per unit (one standard deviation) of eye position, as
   *                       when the eye moves over the screen (0: fixed gaze); what a readout shifter can learn
   */
  public record VideoSimulatorConfig(int mice, int neurons, int trials, int height, int width, int minFrames, int maxFrames,
      double oracleFraction, long seed, double eyeShift) {}

  /**
   * The V1 population simulator's settings.
   *
   * @param mice                mice (recordings)
   * @param neurons             neurons per mouse
   * @param trials              trials per mouse, repeats included
   * @param height              simulated (stored) image height in pixels
   * @param width               simulated image width in pixels
   * @param seed                simulator seed (same seed, byte-identical files)
   * @param testRepeats         presentations of each test / final-test image
   * @param testFraction        fraction of trials in the repeated {@code test} tier
   * @param finalTestFraction   fraction of trials in the repeated {@code final_test} tier
   * @param validationFraction  fraction of single presentations in {@code validation}
   * @param eyeShiftPixels      RF shift in simulated pixels per std of eye position
   */
  public record SimulatorConfig(int mice, int neurons, int trials, int height, int width, long seed, int testRepeats, double testFraction,
      double finalTestFraction, double validationFraction, double eyeShiftPixels) {}

  @Override
  public void validate(ConfigErrors e, String p) {
    e.check(source != null && !source.isBlank(), p + ".source", "must name a folder, zip, s3:// or https:// source, 'simulate' or 'simulate-video'");
    e.range(p + ".image_height", imageHeight, 4, 1024);
    e.range(p + ".image_width", imageWidth, 4, 1024);
    e.oneOf(p + ".resize", resize, List.of("bilinear", "area"));
    e.check(sha256 == null || sha256.matches("[0-9a-fA-F]{64}"), p + ".sha256", "must be 64 hex digits or null, got '" + sha256 + "'");
    String s = p + ".simulate";
    e.range(s + ".mice", simulate.mice(), 1, 20);
    e.range(s + ".neurons", simulate.neurons(), 1, 100_000);
    e.range(s + ".trials", simulate.trials(), 10, 100_000);
    e.range(s + ".height", simulate.height(), 16, 1024);
    e.range(s + ".width", simulate.width(), 16, 1024);
    e.range(s + ".test_repeats", simulate.testRepeats(), 2, 100);
    e.check(simulate.testFraction() > 0 && simulate.testFraction() < 0.5, s + ".test_fraction",
        "must be in (0, 0.5), got " + simulate.testFraction());
    e.check(simulate.finalTestFraction() >= 0 && simulate.finalTestFraction() < 0.5, s + ".final_test_fraction",
        "must be in [0, 0.5), got " + simulate.finalTestFraction());
    e.check(simulate.validationFraction() > 0 && simulate.validationFraction() < 0.5, s + ".validation_fraction",
        "must be in (0, 0.5), got " + simulate.validationFraction());
    e.range(s + ".eye_shift_pixels", simulate.eyeShiftPixels(), 0, 10);
    double repeated = simulate.testFraction() + simulate.finalTestFraction();
    e.check(simulate.trials() * (1 - repeated) >= 10, s + ".trials",
        "leaves fewer than 10 single presentations after the test and final_test tiers (" + simulate.trials() + " trials)");
    String v = p + ".simulate_video";
    e.range(v + ".mice", simulateVideo.mice(), 1, 20);
    e.range(v + ".neurons", simulateVideo.neurons(), 1, 100_000);
    e.range(v + ".trials", simulateVideo.trials(), 4, 100_000);
    e.range(v + ".height", simulateVideo.height(), 16, 1024);
    e.range(v + ".width", simulateVideo.width(), 16, 1024);
    e.range(v + ".min_frames", simulateVideo.minFrames(), 10, 100_000); // the simulator's temporal filters span 10 frames
    e.check(simulateVideo.maxFrames() >= simulateVideo.minFrames(), v + ".max_frames",
        "must be >= min_frames = " + simulateVideo.minFrames() + ", got " + simulateVideo.maxFrames());
    e.check(simulateVideo.oracleFraction() > 0 && simulateVideo.oracleFraction() < 0.5, v + ".oracle_fraction",
        "must be in (0, 0.5), got " + simulateVideo.oracleFraction());
    e.check(simulateVideo.eyeShift() >= 0 && simulateVideo.eyeShift() <= Math.min(simulateVideo.height(), simulateVideo.width()) / 4.0,
        v + ".eye_shift", "must be in [0, min(height, width) / 4] pixels, got " + simulateVideo.eyeShift());
  }
}
