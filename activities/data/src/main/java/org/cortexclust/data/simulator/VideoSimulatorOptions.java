package org.cortexclust.data.simulator;

/**
 * Settings of {@link VideoSimulator}.
 *
 * @param mice           number of mice (recordings)
 * @param neurons        neurons per mouse
 * @param trials         trials (video clips) per mouse
 * @param height         frame height in pixels (36 in the Sensorium 2023 release)
 * @param width          frame width in pixels (64 in the release)
 * @param minFrames      shortest trial in frames
 * @param maxFrames      longest trial; every array of a mouse is NaN-padded to this length
 * @param oracleFraction fraction of trials in the {@code oracle} (validation) tier; the rest are {@code train}
 * @param seed           every random choice derives from it; same options, same files
 * @param eyeShift       pixels that every receptive field moves per unit (one standard deviation) of eye position on
 *                       each frame (0: fixed gaze)
 */
public record VideoSimulatorOptions(int mice, int neurons, int trials, int height, int width, int minFrames, int maxFrames,
    double oracleFraction, long seed, double eyeShift) {

  /** Fixed gaze (no eye-position shift of the receptive fields). */
  public VideoSimulatorOptions(int mice, int neurons, int trials, int height, int width, int minFrames, int maxFrames,
      double oracleFraction, long seed) {
    this(mice, neurons, trials, height, width, minFrames, maxFrames, oracleFraction, seed, 0);
  }

  public VideoSimulatorOptions {
    check(mice >= 1, "mice must be >= 1, got " + mice);
    check(neurons >= 1, "neurons must be >= 1, got " + neurons);
    check(trials >= 4, "trials must be >= 4, got " + trials);
    check(height >= 16 && width >= 16, "frames must be at least 16x16, got " + height + "x" + width);
    check(minFrames >= TemporalKind.LENGTH, "min_frames must be >= " + TemporalKind.LENGTH + " (the temporal filter length), got " + minFrames);
    check(maxFrames >= minFrames, "max_frames must be >= min_frames = " + minFrames + ", got " + maxFrames);
    check(oracleFraction > 0 && oracleFraction < 0.5, "oracle_fraction must be in (0, 0.5), got " + oracleFraction);
    check(eyeShift >= 0 && eyeShift <= Math.min(height, width) / 4.0, "eye_shift must be in [0, min(height, width) / 4], got " + eyeShift);
  }

  /** Sensorium 2023 frame size (36×64), trials of 60–100 frames, 10 % oracle. */
  public static VideoSimulatorOptions defaults(int mice, int neurons, int trials, long seed) {
    return new VideoSimulatorOptions(mice, neurons, trials, 36, 64, 60, 100, 0.1, seed);
  }

  /** Number of oracle trials (at least 2 so a correlation exists). */
  public int oracleTrials() {
    return Math.max(2, (int) Math.round(trials * oracleFraction));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("video simulator: " + message);
    }
  }
}
