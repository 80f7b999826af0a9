package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Gaussian readout (Lurz et al. 2021, docs/science.md §3.2): per neuron a learned mean location μ (or one predicted
 * from cortical coordinates by the {@link GridPredictor}), a 2×2 jitter scale Σ, feature weights w over the core
 * channels and a bias. Tensors: {@code mu} (N, 2) or {@code grid.*}, {@code sigma} (N, 2, 2), {@code features}
 * (N, C), {@code bias} (N). Engines extend this class with the forward pass and the L1 regulariser γ Σ|w|.
 */
public class GaussianReadout implements ReadoutKind {
  @Override
  public ReadoutType type() {
    return ReadoutType.GAUSSIAN;
  }

  @Override
  public List<ParamSpec> parameters(ModelSpec spec, MouseShape mouse) {
    String p = "readout." + mouse.mouseId();
    int n = mouse.neurons();
    List<ParamSpec> ps = new ArrayList<>();
    if (spec.gridPredictor().enabled()) {
      ps.addAll(spec.gridPredictor().parameters(p, n));
    } else {
      ps.add(new ParamSpec(p + ".mu", new long[] {n, 2}, true));
    }
    ps.add(new ParamSpec(p + ".sigma", new long[] {n, 2, 2}, true));
    ps.add(new ParamSpec(p + ".features", new long[] {n, spec.coreChannels()}, true));
    ps.add(new ParamSpec(p + ".bias", new long[] {n}, true));
    return ps;
  }

  @Override
  public float[] initialise(ModelSpec spec, MouseShape mouse, ParamSpec p, float[] v, SplittableRandom rnd,
      InitData data) {
    String n = p.name();
    String m = mouse.mouseId();
    if (n.endsWith(".grid.source")) {
      Map<String, float[]> coords = data.cellCoordinates();
      return spec.gridPredictor().sourceGrid(m, coords == null ? null : coords.get(m), mouse.neurons());
    } else if (n.contains(".grid.")) { // PyTorch's Linear default: weight and bias ~ U(−1/√fan_in, 1/√fan_in)
      long fanIn = n.endsWith(".weight") ? p.shape()[1] : gridFanIn(spec, mouse, n);
      for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) / Math.sqrt(fanIn));
    } else if (n.endsWith(".mu")) {
      for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * spec.initMuRange());
    } else if (n.endsWith(".sigma")) {
      for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * spec.initSigma());
    } else if (n.endsWith(".features")) {
      Arrays.fill(v, 1f / spec.coreChannels());
    } else if (n.endsWith(".bias")) {
      return ReadoutKind.meanResponseBias(m, v, data);
    }
    return v;
  }

  /** Input width of the predictor layer that owns bias tensor {@code name}. */
  private long gridFanIn(ModelSpec spec, MouseShape mouse, String name) {
    String weight = name.substring(0, name.length() - ".bias".length()) + ".weight";
    return parameters(spec, mouse).stream().filter(q -> q.name().equals(weight)).findFirst().orElseThrow().shape()[1];
  }

  /** The mean location (clamped into [−1, 1]), or the grid predictor's location when the model has one. */
  @Override
  public double[][] locations(ModelSpec spec, Map<String, float[]> params, String mouse, int neurons) {
    if (spec.gridPredictor().enabled()) {
      return spec.gridPredictor().locations(params, mouse, neurons); // tanh output: inside (−1, 1) already
    }
    double[][] loc = new double[neurons][2];
    float[] mu = params.get("readout." + mouse + ".mu");
    for (int i = 0; i < neurons; i++) {
      loc[i][0] = Math.max(-1, Math.min(1, mu[2 * i]));
      loc[i][1] = Math.max(-1, Math.min(1, mu[2 * i + 1]));
    }
    return loc;
  }

  @Override
  public boolean jittered() {
    return true;
  }

  @Override
  public boolean placedByGridPredictor() {
    return true;
  }

  @Override
  public boolean movedByShifter() {
    return true;
  }
}
