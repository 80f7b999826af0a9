package org.cortexclust.data.simulator;

/**
 * Settings of {@link V1Simulator}.
 *
 * @param mice               number of mice (recordings)
 * @param neurons            neurons per mouse
 * @param trials             trials per mouse (all tiers, repeats included)
 * @param height             image height in pixels (the stored, full resolution)
 * @param width              image width in pixels
 * @param seed               every random choice derives from it; same seed, same files
 * @param testRepeats        presentations of every test / final-test image
 * @param testFraction       fraction of trials in the repeated {@code test} tier
 * @param finalTestFraction  fraction of trials in the repeated {@code final_test} tier
 * @param validationFraction fraction of the single-presentation trials put in {@code validation}
 * @param eyeShiftPixels     RF shift (pixels at the simulated resolution) per standard deviation of eye position
 */
public record SimulatorOptions(int mice, int neurons, int trials, int height, int width, long seed, int testRepeats, double testFraction,
    double finalTestFraction, double validationFraction, double eyeShiftPixels) {

  public SimulatorOptions {
    check(mice >= 1, "mice must be >= 1, got " + mice);
    check(neurons >= 1, "neurons must be >= 1, got " + neurons);
    check(height >= 16 && width >= 16, "image must be at least 16x16, got " + height + "x" + width);
    check(testRepeats >= 2, "test_repeats must be >= 2, got " + testRepeats);
    check(testFraction > 0 && testFraction < 0.5, "test_fraction must be in (0, 0.5), got " + testFraction);
    check(finalTestFraction >= 0 && finalTestFraction < 0.5, "final_test_fraction must be in [0, 0.5), got " + finalTestFraction);
    check(validationFraction > 0 && validationFraction < 0.5, "validation_fraction must be in (0, 0.5), got " + validationFraction);
    check(eyeShiftPixels >= 0, "eye_shift_pixels must be >= 0, got " + eyeShiftPixels);
    int repeated = (testImages(trials, testFraction, testRepeats) + testImages(trials, finalTestFraction, testRepeats)) * testRepeats;
    check(trials - repeated >= 10, "trials = " + trials + " leaves fewer than 10 single presentations after " + repeated + " repeated test trials");
  }

  /** The defaults of the quickstart: 1 mouse, 200 neurons, 1200 trials, 72×128 images. */
  public static SimulatorOptions defaults(long seed) {
    return new SimulatorOptions(1, 200, 1200, 72, 128, seed, 10, 1 / 6.0, 1 / 24.0, 0.1, 1.0);
  }

  public SimulatorOptions withSize(int mice, int neurons, int trials, int height, int width) {
    return new SimulatorOptions(mice, neurons, trials, height, width, seed, testRepeats, testFraction, finalTestFraction, validationFraction,
        eyeShiftPixels);
  }

  static int testImages(int trials, double fraction, int repeats) {
    return fraction <= 0 ? 0 : Math.max(1, (int) Math.round(trials * fraction / repeats));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("simulator: " + message);
    }
  }
}
