package org.cortexclust.dec;

/**
 * The embedding view DEC clusters, and the chain rule back to the readout weights:
 * {@code z_i = c · S_{s_i}(w_i / ‖w_i‖)} with optional L2 normalisation (docs/science.md §5.2), optional fixed
 * alignment shifts s_i (§5.4) and scale c ({@code √d} puts the view at ‖z‖²/d = 1, the data normalisation of the
 * DEC paper, docs/science.md §6.1). Readout features are rotation-major ({@code r·F + f}, the core's channel order);
 * the view is feature-major ({@code f·n + r}, the embeddings artifact's order).
 */
public final class DecView {
  private final int features;
  private final int rotations;
  private final boolean normalise;
  private final double scale;
  private final int[] shifts;

  /**
   * @param shifts per-neuron fixed shift applied in the view (null = none)
   */
  public DecView(int features, int rotations, boolean normalise, double scale, int[] shifts) {
    if (features < 1 || rotations < 1) throw new IllegalArgumentException("features and rotations must be >= 1");
    if (!(scale > 0)) throw new IllegalArgumentException("scale must be > 0, got " + scale);
    this.features = features;
    this.rotations = rotations;
    this.normalise = normalise;
    this.scale = scale;
    this.shifts = shifts == null ? null : shifts.clone();
  }

  public int dimension() {
    return features * rotations;
  }

  public double scale() {
    return scale;
  }

  /** Readout features (N × C, row-major, channel r·F + f) as N × d feature-major vectors. */
  public static double[][] fromReadout(float[] feats, int neurons, int features, int rotations) {
    int c = features * rotations;
    if (feats.length != (long) neurons * c) {
      throw new IllegalArgumentException("readout features hold " + feats.length + " values, expected " + neurons
          + " x " + c);
    }
    double[][] w = new double[neurons][c];
    for (int i = 0; i < neurons; i++) {
      for (int r = 0; r < rotations; r++) {
        for (int f = 0; f < features; f++) w[i][f * rotations + r] = feats[i * c + r * features + f];
      }
    }
    return w;
  }

  /** Inverse of {@link #fromReadout}. */
  public static float[] toReadout(double[][] w, int features, int rotations) {
    int c = features * rotations;
    float[] out = new float[w.length * c];
    for (int i = 0; i < w.length; i++) {
      for (int r = 0; r < rotations; r++) {
        for (int f = 0; f < features; f++) out[i * c + r * features + f] = (float) w[i][f * rotations + r];
      }
    }
    return out;
  }

  /** z = c · S_s(w / ‖w‖). */
  public double[][] forward(double[][] w) {
    check(w);
    double[][] z = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      double norm = normalise ? norm(w[i]) : 1;
      double[] u = new double[w[i].length];
      for (int t = 0; t < u.length; t++) u[t] = scale * w[i][t] / norm;
      z[i] = shifts == null ? u : DecKernel.roll(u, rotations, shifts[i]);
    }
    return z;
  }

  /** ∂L/∂w from ∂L/∂z: g_u = c S_{−s} g_z, g_w = (g_u − u (u·g_u)) / ‖w‖ with u = w/‖w‖ (normalised view). */
  public double[][] backward(double[][] w, double[][] gz) {
    check(w);
    double[][] gw = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      double[] g = shifts == null ? gz[i].clone() : DecKernel.roll(gz[i], rotations, -shifts[i]);
      for (int t = 0; t < g.length; t++) g[t] *= scale;
      if (normalise) {
        double norm = norm(w[i]);
        double dot = 0;
        for (int t = 0; t < g.length; t++) dot += w[i][t] / norm * g[t];
        for (int t = 0; t < g.length; t++) g[t] = (g[t] - w[i][t] / norm * dot) / norm;
      }
      gw[i] = g;
    }
    return gw;
  }

  private void check(double[][] w) {
    if (shifts != null && shifts.length != w.length) {
      throw new IllegalArgumentException("view has shifts for " + shifts.length + " neurons, got " + w.length);
    }
    if (w.length > 0 && w[0].length != dimension()) {
      throw new IllegalArgumentException("embeddings have " + w[0].length + " values, view expects " + features
          + " x " + rotations);
    }
  }

  static double norm(double[] w) {
    double s = 0;
    for (double v : w) s += v * v;
    return Math.max(Math.sqrt(s), 1e-12);
  }
}
