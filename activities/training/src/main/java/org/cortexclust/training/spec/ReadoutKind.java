package org.cortexclust.training.spec;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one readout type is, independent of any engine: its tensors (all named {@code readout.<mouse>.…}), their
 * initial values, what it may be combined with, and how a neuron's embedding and location are read from the trained
 * tensors. Each engine adds the forward pass and the regulariser in its own readout class (which extends this type's
 * class); registering that class in the engine's registry registers the type here too ({@link ReadoutKinds}).
 */
public interface ReadoutKind extends Kind<ReadoutType> {
  /** The tensors of mouse {@code mouse}'s readout, in the order they take in model files. */
  List<ParamSpec> parameters(ModelSpec spec, MouseShape mouse);

  /**
   * Initial values of tensor {@code p} (one of {@link #parameters}) of mouse {@code mouse}'s readout.
   *
   * @param v   zeros of the tensor's size, to fill (or replace by returning another array of the same size)
   * @param rnd this tensor's own stream (seeded by the model seed and the tensor's name)
   */
  float[] initialise(ModelSpec spec, MouseShape mouse, ParamSpec p, float[] v, SplittableRandom rnd, InitData data);

  /**
   * What the initialisation may read besides the seed.
   *
   * @param meanResponses   per mouse id, the mean training response of each neuron (may miss a mouse, or be null)
   * @param cellCoordinates per mouse id, the neurons' cortical coordinates (N·3), for readouts placed from them
   */
  record InitData(Map<String, float[]> meanResponses, Map<String, float[]> cellCoordinates) {}

  /**
   * Each neuron's readout location in grid coordinates [−1, 1] (x = width axis), (neurons × 2), from the trained
   * tensors {@code params}.
   */
  double[][] locations(ModelSpec spec, Map<String, float[]> params, String mouse, int neurons);

  /**
   * The tensor that is the mouse's neurons' embedding: (N, C) with C = F·n core channels, rotation-major channel
   * index r·F + f (docs/science.md §2.1). The readout's feature weights for the built-in types.
   */
  default String embeddingTensor(String mouse) {
    return "readout." + mouse + ".features";
  }

  /** Whether the readout draws a jitter ε (neurons × 2 per sample) at every training step. */
  default boolean jittered() {
    return false;
  }

  /** Whether the grid predictor may place this readout (it has learned locations). */
  default boolean placedByGridPredictor() {
    return false;
  }

  /** Whether the video model's shifter may move this readout's locations. */
  default boolean movedByShifter() {
    return false;
  }

  /**
   * The readout bias b with ELU(b) + 1 = the neuron's mean training response (clipped to ≥ 1e-3), so training starts
   * at the mean rate; zeros when the mouse has no mean responses. Any readout with a per-neuron bias may use it.
   */
  static float[] meanResponseBias(String mouse, float[] v, InitData data) {
    float[] mean = data.meanResponses() == null ? null : data.meanResponses().get(mouse);
    if (mean != null) {
      if (mean.length != v.length) {
        throw new IllegalArgumentException("mean responses of mouse " + mouse + ": expected " + v.length
            + " neurons, got " + mean.length);
      }
      for (int i = 0; i < v.length; i++) v[i] = (float) ModelSpec.inverseEluPlusOne(mean[i]);
    }
    return v;
  }
}
