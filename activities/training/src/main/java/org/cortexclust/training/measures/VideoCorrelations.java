package org.cortexclust.training.measures;

import java.util.List;

/**
 * The Sensorium 2023 score of video predictions (docs/dynamic.md §2). Each trial is a frames-major {@code T × N} array of
 * observed and predicted responses; the trial's real length is its first frame with a NaN observation (the release
 * pads trials with NaN), or the whole array. Per neuron: drop the first {@code skip} frames of every trial (50 in the
 * challenge), concatenate the remaining frames of all trials in time, one Pearson correlation ({@link Correlations}
 * conventions: population std + 1e-8, NaN → 0); the score is the mean over neurons. {@link #perTrial} is the
 * per-trial-then-averaged variant, for comparison.
 */
public final class VideoCorrelations {
  /** Frames dropped at the start of every trial by the Sensorium 2023 evaluation. */
  public static final int SKIP = 50;

  private VideoCorrelations() {}

  /** Real length of a T × N trial: index of the first frame with a NaN observation. */
  public static int realLength(float[] observed, int neurons) {
    int frames = observed.length / neurons;
    for (int k = 0; k < frames; k++) {
      for (int j = 0; j < neurons; j++) {
        if (Float.isNaN(observed[k * neurons + j])) {
          return k;
        }
      }
    }
    return frames;
  }

  /** Per-neuron correlation over the concatenation of frames [skip, len) of every trial (the challenge metric). */
  public static double[] concatenated(List<float[]> observed, List<float[]> predicted, int neurons, int skip) {
    check(observed, predicted, neurons, skip);
    int total = 0;
    for (float[] o : observed) {
      total += Math.max(0, realLength(o, neurons) - skip);
    }
    if (total < 2) {
      throw new IllegalArgumentException("Sensorium 2023 metric: fewer than 2 frames remain after dropping the first " + skip
          + " frames of each of " + observed.size() + " trials");
    }
    float[] o = new float[total * neurons];
    float[] p = new float[total * neurons];
    int row = 0;
    for (int i = 0; i < observed.size(); i++) {
      int len = realLength(observed.get(i), neurons);
      for (int k = skip; k < len; k++, row++) {
        System.arraycopy(observed.get(i), k * neurons, o, row * neurons, neurons);
        System.arraycopy(predicted.get(i), k * neurons, p, row * neurons, neurons);
      }
    }
    checkFinite(p);
    return Correlations.singleTrial(o, p, total, neurons);
  }

  /**
   * Per-neuron mean over trials of the correlation within each trial (frames [skip, len)); trials with fewer than 2
   * such frames are left out.
   */
  public static double[] perTrial(List<float[]> observed, List<float[]> predicted, int neurons, int skip) {
    check(observed, predicted, neurons, skip);
    double[] sum = new double[neurons];
    int used = 0;
    for (int i = 0; i < observed.size(); i++) {
      int len = realLength(observed.get(i), neurons);
      int n = len - skip;
      if (n < 2) {
        continue;
      }
      float[] o = java.util.Arrays.copyOfRange(observed.get(i), skip * neurons, len * neurons);
      float[] p = java.util.Arrays.copyOfRange(predicted.get(i), skip * neurons, len * neurons);
      checkFinite(p);
      double[] r = Correlations.singleTrial(o, p, n, neurons);
      for (int j = 0; j < neurons; j++) {
        sum[j] += r[j];
      }
      used++;
    }
    if (used == 0) {
      throw new IllegalArgumentException("per-trial correlation: no trial has 2 or more frames after the first " + skip);
    }
    for (int j = 0; j < neurons; j++) {
      sum[j] /= used;
    }
    return sum;
  }

  private static void check(List<float[]> observed, List<float[]> predicted, int neurons, int skip) {
    if (observed.size() != predicted.size()) {
      throw new IllegalArgumentException("expected as many predicted as observed trials, got " + predicted.size() + " and " + observed.size());
    }
    if (skip < 0 || neurons < 1) {
      throw new IllegalArgumentException("skip must be >= 0 and neurons >= 1, got " + skip + " and " + neurons);
    }
    for (int i = 0; i < observed.size(); i++) {
      if (observed.get(i).length % neurons != 0 || predicted.get(i).length < realLength(observed.get(i), neurons) * neurons) {
        throw new IllegalArgumentException("trial " + i + ": expected frames x " + neurons + " observed values and predictions for its "
            + realLength(observed.get(i), neurons) + " real frames, got " + observed.get(i).length + " and " + predicted.get(i).length
            + " values");
      }
    }
  }

  private static void checkFinite(float[] p) {
    for (float v : p) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("predictions must be finite on every scored frame (after the skipped ones), found " + v);
      }
    }
  }
}
