package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Optional grid predictor of the Gaussian readout (docs/science.md §3.2; Lurz et al. 2021): instead of a free location
 * μ_i per neuron, the location is a learned function of the neuron's cortical position, μ_i = tanh(MLP(s_i)) ∈
 * (−1, 1)², shared by all neurons of a mouse. The MLP has {@code hiddenLayers} tanh layers of {@code hidden} units
 * (0: one linear map) and a tanh output. s_i are the first {@code inputDimensions} cortical coordinates (x, y or
 * x, y, z) normalised per mouse: centred on the mean and divided by the largest absolute centred value, so they lie
 * in [−1, 1] with the aspect ratio kept. They are stored with the model as the buffer {@code
 * readout.<mouse>.grid.source} (N, d), so a trained model needs no data to place its neurons.
 *
 * @param enabled         false: free locations μ (the default)
 * @param hidden          units per hidden layer
 * @param hiddenLayers    tanh hidden layers (0 = linear map to the 2 outputs)
 * @param inputDimensions 2 (x, y) or 3 (x, y, z) of {@code cell_motor_coordinates}
 */
public record GridPredictor(boolean enabled, int hidden, int hiddenLayers, int inputDimensions) {
  public static final GridPredictor OFF = new GridPredictor(false, 0, 0, 2);

  public GridPredictor {
    if (enabled) {
      List<String> bad = new ArrayList<>();
      if (hidden < 1) bad.add("hidden must be >= 1, got " + hidden);
      if (hiddenLayers < 0) bad.add("hidden_layers must be >= 0, got " + hiddenLayers);
      if (inputDimensions != 2 && inputDimensions != 3) {
        bad.add("input_dimensions must be 2 (x, y) or 3 (x, y, z), got " + inputDimensions);
      }
      if (!bad.isEmpty()) throw new IllegalArgumentException("invalid grid predictor: " + String.join("; ", bad));
    }
  }

  /** Widths of the MLP: d, hidden × hiddenLayers, 2. */
  public int[] widths() {
    int[] w = new int[hiddenLayers + 2];
    w[0] = inputDimensions;
    for (int l = 1; l <= hiddenLayers; l++) w[l] = hidden;
    w[w.length - 1] = 2;
    return w;
  }

  /** Tensors of one mouse's predictor: the source buffer, then weight (out, in) and bias (out) per layer. */
  List<ParamSpec> parameters(String readoutPrefix, int neurons) {
    List<ParamSpec> ps = new ArrayList<>();
    ps.add(new ParamSpec(readoutPrefix + ".grid.source", new long[] {neurons, inputDimensions}, false));
    int[] w = widths();
    for (int l = 0; l + 1 < w.length; l++) {
      ps.add(new ParamSpec(readoutPrefix + ".grid.layer" + l + ".weight", new long[] {w[l + 1], w[l]}, true));
      ps.add(new ParamSpec(readoutPrefix + ".grid.layer" + l + ".bias", new long[] {w[l + 1]}, true));
    }
    return ps;
  }

  /** Part of the architecture hash. */
  String describe() {
    return "grid(d=" + inputDimensions + ",hidden=" + hidden + "x" + hiddenLayers + ",act=tanh,out=tanh)";
  }

  /**
   * Normalised source grid (N·d, neuron-major) of one mouse from its cortical coordinates (N·3: x, y, z).
   *
   * @throws IllegalArgumentException when the coordinates are missing, have the wrong length, are not finite, or
   *                                  do not vary (every neuron at one place)
   */
  public float[] sourceGrid(String mouseId, float[] coordinates, int neurons) {
    String what = "mouse " + mouseId + ": training.readout.grid_predictor needs each neuron's cortical coordinates "
        + "(meta/neurons/cell_motor_coordinates, " + neurons + " x 3)";
    if (coordinates == null) throw new IllegalArgumentException(what + ", but the data has none");
    if (coordinates.length != neurons * 3) {
      throw new IllegalArgumentException(what + ", got " + coordinates.length + " values");
    }
    int d = inputDimensions;
    double[] mean = new double[d];
    for (int i = 0; i < neurons; i++) {
      for (int k = 0; k < d; k++) {
        float v = coordinates[3 * i + k];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(what + ", but neuron " + i + " has coordinate " + k + " = " + v);
        }
        mean[k] += v;
      }
    }
    for (int k = 0; k < d; k++) mean[k] /= neurons;
    double scale = 0;
    for (int i = 0; i < neurons; i++) {
      for (int k = 0; k < d; k++) scale = Math.max(scale, Math.abs(coordinates[3 * i + k] - mean[k]));
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException(what + ", but all " + neurons + " neurons have the same first " + d
          + " coordinates");
    }
    float[] out = new float[neurons * d];
    for (int i = 0; i < neurons; i++) {
      for (int k = 0; k < d; k++) out[i * d + k] = (float) ((coordinates[3 * i + k] - mean[k]) / scale);
    }
    return out;
  }

  /**
   * Predicted locations (N × 2, grid x then y) of one mouse from the model's tensors, in double precision without
   * an engine (for embedding extraction and as a reference for the engines).
   */
  public double[][] locations(Map<String, float[]> params, String mouseId, int neurons) {
    String p = "readout." + mouseId + ".grid.";
    float[] src = params.get(p + "source");
    if (src == null || src.length != neurons * inputDimensions) {
      throw new IllegalArgumentException("model has no grid source of " + neurons + " x " + inputDimensions
          + " for mouse " + mouseId);
    }
    int[] w = widths();
    double[][] out = new double[neurons][];
    for (int i = 0; i < neurons; i++) {
      double[] h = new double[inputDimensions];
      for (int k = 0; k < inputDimensions; k++) h[k] = src[i * inputDimensions + k];
      for (int l = 0; l + 1 < w.length; l++) {
        float[] wt = params.get(p + "layer" + l + ".weight");
        float[] b = params.get(p + "layer" + l + ".bias");
        double[] next = new double[w[l + 1]];
        for (int o = 0; o < next.length; o++) {
          double s = b[o];
          for (int k = 0; k < w[l]; k++) s += wt[o * w[l] + k] * h[k];
          next[o] = Math.tanh(s);
        }
        h = next;
      }
      out[i] = h;
    }
    return out;
  }
}
