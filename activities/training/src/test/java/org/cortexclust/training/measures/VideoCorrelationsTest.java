package org.cortexclust.training.measures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sensorium 2023 metric against a hand-computed example with NaN padding. */
class VideoCorrelationsTest {
  static final float NaN = Float.NaN;

  // Two trials padded to 5 frames, 2 neurons (frames-major: [f0n0, f0n1, f1n0, f1n1, ...]); skip = 1.
  // Trial A real length 4: neuron 0 observed 9,1,2,3 predicted 0,1,2,4; neuron 1 observed 5,5,5,5 (constant).
  // Trial B real length 3: neuron 0 observed 7,3,1 predicted 5,2,2 (NaN predictions in the padding).
  static final float[] OBS_A = {9, 5, 1, 5, 2, 5, 3, 5, NaN, NaN};
  static final float[] PRE_A = {0, 1, 1, 2, 2, 3, 4, 4, NaN, NaN};
  static final float[] OBS_B = {7, 5, 3, 5, 1, 5, NaN, NaN, NaN, NaN};
  static final float[] PRE_B = {5, 1, 2, 2, 2, 3, NaN, NaN, NaN, NaN};

  @Test
  void concatenatesTrialsAfterTheSkippedFramesAndCorrelatesOnce() {
    assertEquals(4, VideoCorrelations.realLength(OBS_A, 2));
    assertEquals(3, VideoCorrelations.realLength(OBS_B, 2));
    double[] r = VideoCorrelations.concatenated(List.of(OBS_A, OBS_B), List.of(PRE_A, PRE_B), 2, 1);
    // neuron 0: observed 1,2,3 | 3,1 (mean 2), predicted 1,2,4 | 2,2 (mean 2.2);
    // cov sum 3.0, var sums 4 and 4.8 -> 3 / sqrt(4 * 4.8)
    assertEquals(3 / Math.sqrt(19.2), r[0], 1e-6);
    // neuron 1: constant observation -> 0 (eps convention), not NaN
    assertEquals(0, r[1], 1e-6);
    // the first frame (9 / 0 and 7 / 5) would change the answer: skip 0 differs
    double[] r0 = VideoCorrelations.concatenated(List.of(OBS_A, OBS_B), List.of(PRE_A, PRE_B), 2, 0);
    assertTrue(Math.abs(r0[0] - r[0]) > 0.1);
  }

  @Test
  void perTrialAveragesWithinTrialCorrelations() {
    double[] r = VideoCorrelations.perTrial(List.of(OBS_A, OBS_B), List.of(PRE_A, PRE_B), 2, 1);
    // trial A: observed 1,2,3 vs predicted 1,2,4: 3 / sqrt(2 * 42/9); trial B: constant prediction 2,2 -> 0
    assertEquals((3 / Math.sqrt(2 * 42.0 / 9) + 0) / 2, r[0], 1e-6);
    assertArrayEquals(new double[] {0}, new double[] {r[1]}, 1e-6);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VideoCorrelations.concatenated(List.of(OBS_A, OBS_B), List.of(PRE_A, PRE_B), 2, 4));
    assertTrue(e.getMessage().contains("fewer than 2 frames remain after dropping the first 4"), e.getMessage());
    float[] badPred = PRE_A.clone();
    badPred[4] = NaN;
    e = assertThrows(IllegalArgumentException.class,
        () -> VideoCorrelations.concatenated(List.of(OBS_A), List.of(badPred), 2, 1));
    assertTrue(e.getMessage().contains("predictions must be finite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> VideoCorrelations.concatenated(List.of(OBS_A), List.of(PRE_A, PRE_B), 2, 1));
    assertTrue(e.getMessage().contains("as many predicted as observed trials"), e.getMessage());
  }
}
