package org.cortexclust.training.data;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What the trainer needs of one mouse (engine-neutral). Bridged from the data module's {@code PreparedMouse}.
 *
 * @param mouseId   data key
 * @param trials    T
 * @param neurons   N
 * @param channels  input channels (image + behaviour planes)
 * @param height    image height
 * @param width     image width
 * @param images    T·C·H·W floats, trial-major NCHW, normalised
 * @param responses T·N floats, trial-major
 * @param tiers     per trial: train, validation, test or final_test
 * @param imageIds  per trial; test repeats share an id
 * @param unitIds   per neuron
 * @param cellCoordinates per neuron, cortical position (x, y, z) in µm, N·3 floats; null when the data has none
 *                  (needed only by the readout's grid predictor)
 */
public record MouseData(
    String mouseId,
    int trials,
    int neurons,
    int channels,
    int height,
    int width,
    FloatBuffer images,
    FloatBuffer responses,
    String[] tiers,
    int[] imageIds,
    int[] unitIds,
    float[] cellCoordinates) {

  /** A mouse without cortical coordinates. */
  public MouseData(String mouseId, int trials, int neurons, int channels, int height, int width, FloatBuffer images,
      FloatBuffer responses, String[] tiers, int[] imageIds, int[] unitIds) {
    this(mouseId, trials, neurons, channels, height, width, images, responses, tiers, imageIds, unitIds, null);
  }

  public MouseData {
    long img = (long) trials * channels * height * width;
    if (images.capacity() != img) {
      throw new IllegalArgumentException("mouse " + mouseId + ": images hold " + images.capacity() + " floats, expected "
          + trials + "x" + channels + "x" + height + "x" + width + " = " + img);
    }
    if (responses.capacity() != (long) trials * neurons) {
      throw new IllegalArgumentException("mouse " + mouseId + ": responses hold " + responses.capacity()
          + " floats, expected " + trials + "x" + neurons);
    }
    if (tiers.length != trials || imageIds.length != trials) {
      throw new IllegalArgumentException("mouse " + mouseId + ": tiers/imageIds must have " + trials + " entries, got "
          + tiers.length + "/" + imageIds.length);
    }
    if (unitIds.length != neurons) {
      throw new IllegalArgumentException("mouse " + mouseId + ": unitIds must have " + neurons + " entries, got "
          + unitIds.length);
    }
    if (cellCoordinates != null && cellCoordinates.length != neurons * 3) {
      throw new IllegalArgumentException("mouse " + mouseId + ": cellCoordinates must have " + neurons + "x3 entries, "
          + "got " + cellCoordinates.length);
    }
  }

  /** Indices of the trials of one tier, ascending. */
  public int[] trialIndices(String tier) {
    return IntStream.range(0, trials).filter(t -> tier.equals(tiers[t])).toArray();
  }

  /** Responses of the given trials, trial-major (len(trials) × N). */
  public float[] responsesOf(int[] trialIdx) {
    float[] out = new float[trialIdx.length * neurons];
    FloatBuffer r = responses.duplicate();
    for (int i = 0; i < trialIdx.length; i++) {
      r.position(trialIdx[i] * neurons);
      r.get(out, i * neurons, neurons);
    }
    return out;
  }

  /** Mean response per neuron over the given trials. */
  public float[] meanResponse(int[] trialIdx) {
    double[] s = new double[neurons];
    FloatBuffer r = responses.duplicate();
    for (int t : trialIdx) {
      for (int j = 0; j < neurons; j++) {
        s[j] += r.get(t * neurons + j);
      }
    }
    float[] out = new float[neurons];
    for (int j = 0; j < neurons; j++) {
      out[j] = (float) (s[j] / Math.max(1, trialIdx.length));
    }
    return out;
  }

  @Override
  public String toString() {
    return "MouseData[" + mouseId + ", T=" + trials + ", N=" + neurons + ", " + channels + "x" + height + "x" + width
        + ", tiers=" + Arrays.stream(tiers).distinct().toList() + "]";
  }
}
