package org.cortexclust.training.spec;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The factorised readout (Klindt et al. 2017, docs/science.md §3.1): per neuron a spatial mask m over the core output's
 * positions, feature weights w over the core channels and a bias; the mask enters normalised, m̂ = |m / (‖m‖₂ + 1e-6)|.
 * Tensors: {@code mask} (N, H', W'), {@code features} (N, C), {@code bias} (N). Engines extend this class with the
 * forward pass and the joint L1 regulariser γ Σ_i ‖m̂_i‖₁‖w_i‖₁.
 */
public class FactorisedReadout implements ReadoutKind {
  @Override
  public ReadoutType type() {
    return ReadoutType.FACTORISED;
  }

  @Override
  public List<ParamSpec> parameters(ModelSpec spec, MouseShape mouse) {
    String p = "readout." + mouse.mouseId();
    int n = mouse.neurons();
    return List.of(new ParamSpec(p + ".mask", new long[] {n, spec.coreHeight(), spec.coreWidth()}, true),
        new ParamSpec(p + ".features", new long[] {n, spec.coreChannels()}, true),
        new ParamSpec(p + ".bias", new long[] {n}, true));
  }

  @Override
  public float[] initialise(ModelSpec spec, MouseShape mouse, ParamSpec p, float[] v, SplittableRandom rnd,
      InitData data) {
    if (p.name().endsWith(".bias")) return ReadoutKind.meanResponseBias(mouse.mouseId(), v, data);
    ModelSpec.fillTruncatedNormal(v, spec.readoutInitNoise(), rnd); // mask and features
    return v;
  }

  /** The mask's centre of mass (of |m|), 0 for an all-zero mask. */
  @Override
  public double[][] locations(ModelSpec spec, Map<String, float[]> params, String mouse, int neurons) {
    double[][] loc = new double[neurons][2];
    float[] mask = params.get("readout." + mouse + ".mask");
    int h = spec.coreHeight();
    int w = spec.coreWidth();
    for (int i = 0; i < neurons; i++) {
      double s = 0, sx = 0, sy = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double a = Math.abs(mask[(i * h + y) * w + x]);
          s += a;
          sx += a * x;
          sy += a * y;
        }
      }
      loc[i][0] = s > 0 && w > 1 ? -1 + 2 * (sx / s) / (w - 1) : 0;
      loc[i][1] = s > 0 && h > 1 ? -1 + 2 * (sy / s) / (h - 1) : 0;
    }
    return loc;
  }
}
