package org.cortexclust.training.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.cortexclust.data.sensorium.VideoMouse;

/**
 * What the video trainer needs of one mouse: every trial, normalised and at its real length (engine-neutral).
 *
 * @param mouseId data key
 * @param neurons N
 * @param height  frame height
 * @param width   frame width
 * @param trials  all trials (every tier)
 * @param unitIds per neuron
 */
public record VideoData(String mouseId, int neurons, int height, int width, List<Trial> trials, int[] unitIds) {
  /** Input channels of a video model: the video plus the two behaviour planes (pupil dilation, running speed). */
  public static final int CHANNELS = 3;

  /**
   * One trial, frames first.
   *
   * @param video     T·H·W
   * @param behavior  T·2 (pupil dilation, running speed)
   * @param responses T·N
   */
  public record Trial(String tier, int frames, float[] video, float[] behavior, float[] responses) {}

  public VideoData {
    trials = List.copyOf(trials);
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      if (t.video().length != (long) t.frames() * height * width || t.behavior().length != t.frames() * 2
          || t.responses().length != (long) t.frames() * neurons) {
        throw new IllegalArgumentException("mouse " + mouseId + " trial " + i + ": expected " + t.frames() + " frames of " + height + "x"
            + width + " video, 2 behaviour values and " + neurons + " responses, got " + t.video().length + ", " + t.behavior().length
            + " and " + t.responses().length + " values");
      }
    }
  }

  /** Read and normalise every trial of a Sensorium 2023 mouse. */
  public static VideoData read(VideoMouse vm) throws IOException {
    List<Trial> trials = new ArrayList<>();
    int h = -1;
    int w = -1;
    for (int i = 0; i < vm.trials(); i++) {
      VideoMouse.Trial t = vm.trial(i);
      h = t.height();
      w = t.width();
      trials.add(new Trial(t.tier(), t.frames(), t.video(), t.behavior(), t.responses()));
    }
    return new VideoData(vm.key(), vm.neurons(), h, w, trials, vm.unitIds());
  }

  /** Indices of the trials of one tier, ascending. */
  public int[] trialIndices(String tier) {
    return IntStream.range(0, trials.size()).filter(i -> tier.equals(trials.get(i).tier())).toArray();
  }

  /** Mean response per neuron over every frame of the given trials. */
  public float[] meanResponse(int[] idx) {
    double[] s = new double[neurons];
    long frames = 0;
    for (int i : idx) {
      Trial t = trials.get(i);
      for (int k = 0; k < t.frames(); k++) {
        for (int j = 0; j < neurons; j++) {
          s[j] += t.responses()[k * neurons + j];
        }
      }
      frames += t.frames();
    }
    float[] out = new float[neurons];
    for (int j = 0; j < neurons; j++) {
      out[j] = (float) (s[j] / Math.max(1, frames));
    }
    return out;
  }
}
