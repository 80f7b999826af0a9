package org.cortexclust.dec;

/**
 * First-order optimiser over a list of double matrices, with explicit state so it can be checkpointed: Adam
 * (Kingma &amp; Ba 2015, PyTorch's formulation) or SGD with heavy-ball momentum (the Caffe/Keras DEC setting,
 * docs/science.md §6.1).
 */
public final class Optimiser {
  /** Which update rule. */
  public enum Kind {
    ADAM,
    SGD
  }

  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;

  private final Kind kind;
  private final double momentum;
  private final double[][][] m;
  private final double[][][] v;
  private long step;

  /** @param shapes the parameter matrices this optimiser will update, in the order passed to {@link #update} */
  public Optimiser(Kind kind, double momentum, double[][]... shapes) {
    this.kind = kind;
    this.momentum = momentum;
    m = new double[shapes.length][][];
    v = new double[shapes.length][][];
    for (int p = 0; p < shapes.length; p++) {
      m[p] = zeros(shapes[p]);
      v[p] = kind == Kind.ADAM ? zeros(shapes[p]) : null;
    }
  }

  private static double[][] zeros(double[][] like) {
    double[][] z = new double[like.length][];
    for (int i = 0; i < like.length; i++) z[i] = new double[like[i].length];
    return z;
  }

  public long steps() {
    return step;
  }

  /** Checkpointable state: {first moments, second moments (null for SGD)} per parameter matrix. */
  public double[][][][] moments() {
    return new double[][][][] {deepCopy(m), v[0] == null ? null : deepCopy(v)};
  }

  /** Restore the state returned by {@link #moments} and {@link #steps}. */
  public void restore(double[][][][] moments, long steps) {
    for (int p = 0; p < m.length; p++) {
      for (int i = 0; i < m[p].length; i++) {
        System.arraycopy(moments[0][p][i], 0, m[p][i], 0, m[p][i].length);
        if (v[p] != null) System.arraycopy(moments[1][p][i], 0, v[p][i], 0, v[p][i].length);
      }
    }
    step = steps;
  }

  private static double[][][] deepCopy(double[][][] a) {
    double[][][] c = new double[a.length][][];
    for (int p = 0; p < a.length; p++) {
      c[p] = new double[a[p].length][];
      for (int i = 0; i < a[p].length; i++) c[p][i] = a[p][i].clone();
    }
    return c;
  }

  /** One step: {@code params[p] -= lr · update(grads[p])} for each parameter matrix p (null grads are skipped). */
  public void update(double lr, double[][][] params, double[][][] grads) {
    step++;
    double bc1 = 1 - Math.pow(BETA1, step);
    double bc2 = 1 - Math.pow(BETA2, step);
    for (int p = 0; p < params.length; p++) {
      if (grads[p] == null) continue;
      for (int i = 0; i < params[p].length; i++) {
        double[] x = params[p][i];
        double[] g = grads[p][i];
        double[] mm = m[p][i];
        if (kind == Kind.ADAM) {
          double[] vv = v[p][i];
          for (int t = 0; t < x.length; t++) {
            mm[t] = BETA1 * mm[t] + (1 - BETA1) * g[t];
            vv[t] = BETA2 * vv[t] + (1 - BETA2) * g[t] * g[t];
            x[t] -= lr * (mm[t] / bc1) / (Math.sqrt(vv[t] / bc2) + EPS);
          }
        } else {
          for (int t = 0; t < x.length; t++) {
            mm[t] = momentum * mm[t] + g[t];
            x[t] -= lr * mm[t];
          }
        }
      }
    }
  }
}
