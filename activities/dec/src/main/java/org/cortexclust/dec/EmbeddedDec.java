package org.cortexclust.dec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.progress.Progress;

/**
 * DEC on fixed embeddings with no model ("embeddings-only" baseline): the centres, and optionally the embeddings
 * themselves as free parameters, are optimised on
 * {@code J = (1/N) Σ_i ½‖z_i − z_i⁰‖² + (λ/N)·KL(P‖Q)} (Xie et al. 2016 eq. 2 plus an IDEC-style anchor that
 * plays the role of the prediction loss, docs/science.md §6.3). With only the centres trainable the anchor is constant
 * ("DEC without back-propagation", DEC paper Table 2). P is refreshed every {@code updateInterval} steps;
 * the run stops when fewer than {@code tol} of the labels change between two refreshes, or after
 * {@code maxSteps}.
 */
public final class EmbeddedDec {
  private EmbeddedDec() {}

  /**
   * @param lambda          weight of the per-neuron KL term
   * @param alpha           Student-t degrees of freedom
   * @param targetExponent  sharpening exponent of P (2 in DEC)
   * @param updateInterval  optimiser steps between target refreshes
   * @param tol             stop when the changed-label fraction between refreshes is below this
   * @param maxSteps        step budget
   * @param learningRate    optimiser learning rate
   * @param optimiser       Adam or SGD with momentum
   * @param momentum        SGD momentum (ignored by Adam)
   * @param trainEmbeddings also move the embeddings (anchored to their start); false = centres only
   * @param rotation        fixed (plain distances) or invariant (best cyclic shift per neuron and centre)
   * @param rotations       n, rotations per feature (1 = no rotation axis)
   * @param method          DEC (centres by gradient) or DECEMber (t-mixture, centres and scales by EM; alpha = ν)
   */
  public record Options(double lambda, double alpha, double targetExponent, int updateInterval, double tol,
      int maxSteps, double learningRate, Optimiser.Kind optimiser, double momentum, boolean trainEmbeddings,
      RotationMode rotation, int rotations, Method method) {
    public Options {
      if (!(lambda >= 0)) throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
      if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
      if (!(targetExponent >= 1)) throw new IllegalArgumentException("target exponent must be >= 1, got " + targetExponent);
      if (updateInterval < 1) throw new IllegalArgumentException("update interval must be >= 1, got " + updateInterval);
      if (!(tol >= 0 && tol < 1)) throw new IllegalArgumentException("tol must be in [0, 1), got " + tol);
      if (maxSteps < 0) throw new IllegalArgumentException("max steps must be >= 0, got " + maxSteps);
      if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
      if (rotations < 1) throw new IllegalArgumentException("rotations must be >= 1, got " + rotations);
    }

    /**
     * DEC defaults (α 1, exponent 2, tol 0.1 %), Adam lr 0.001, refresh every 20 steps, 2,000 steps. The learning
     * rate suits embeddings scaled to ‖z‖²/d ≈ 1 (DEC paper; see {@link DecView}).
     */
    public static Options defaults(double lambda, int rotations, RotationMode rotation) {
      return new Options(lambda, 1, 2, 20, 0.001, 2000, 0.001, Optimiser.Kind.ADAM, 0.9, true, rotation, rotations,
          Method.DEC);
    }

    public Options withTrainEmbeddings(boolean v) {
      return new Options(lambda, alpha, targetExponent, updateInterval, tol, maxSteps, learningRate, optimiser,
          momentum, v, rotation, rotations, method);
    }

    public Options withOptimiser(Optimiser.Kind k, double lr) {
      return new Options(lambda, alpha, targetExponent, updateInterval, tol, maxSteps, lr, k, momentum,
          trainEmbeddings, rotation, rotations, method);
    }

    /** DECEMber with ν degrees of freedom (2.1 in the paper). */
    public Options withDecember(double nu) {
      return new Options(lambda, nu, targetExponent, updateInterval, tol, maxSteps, learningRate, optimiser, momentum,
          trainEmbeddings, rotation, rotations, Method.DECEMBER);
    }

    public Options withStopping(double tolerance, int steps) {
      return new Options(lambda, alpha, targetExponent, updateInterval, tolerance, steps, learningRate, optimiser,
          momentum, trainEmbeddings, rotation, rotations, method);
    }

    public Options withLambda(double v) {
      return new Options(v, alpha, targetExponent, updateInterval, tol, maxSteps, learningRate, optimiser, momentum,
          trainEmbeddings, rotation, rotations, method);
    }
  }

  /**
   * @param labels     argmax Q at the end
   * @param embeddings final embeddings (the input when only centres were trained)
   * @param centres    final centres
   * @param variances  final DECEMber variances (null for DEC)
   * @param shifts     per neuron and centre, the shift used in the last Q (null in fixed mode)
   * @param q          final soft assignments
   * @param history    one entry per refresh (the first is the start)
   * @param steps      optimiser steps taken
   * @param stopReason why it stopped
   */
  public record Result(int[] labels, double[][] embeddings, double[][] centres, double[][] variances, int[][] shifts,
      double[][] q,
      List<Refresh> history, long steps, String stopReason) {}

  public static Result fit(double[][] z0, double[][] centres0, Options o) {
    return fit(z0, centres0, o, Progress.NONE);
  }

  public static Result fit(double[][] z0, double[][] centres0, Options o, Progress progress) {
    int nz = z0.length;
    if (nz == 0) throw new IllegalArgumentException("no embeddings");
    int d = z0[0].length;
    if (centres0.length < 1 || centres0[0].length != d) {
      throw new IllegalArgumentException("centres must be K × " + d + ", got " + centres0.length + " × "
          + (centres0.length == 0 ? 0 : centres0[0].length));
    }
    if (d % o.rotations() != 0) {
      throw new IllegalArgumentException("embedding dimension " + d + " is not a multiple of rotations " + o.rotations());
    }
    int n = o.rotations();
    boolean invariant = o.rotation() == RotationMode.INVARIANT && n > 1;
    double[][] z = copy(z0);
    double[][] mu = copy(centres0);
    Optimiser opt = new Optimiser(o.optimiser(), o.momentum(), z, mu);
    ClusterKernel kernel = ClusterKernel.start(o.method(), o.alpha(), n, invariant, z, mu);
    int[][] shifts = invariant ? kernel.bestShifts(z) : null;
    double[][] q = kernel.q(z, shifts);
    int[] labels = DecKernel.labels(q);
    double[][] p = DecKernel.target(q, o.targetExponent());
    List<Refresh> history = new ArrayList<>();
    history.add(new Refresh(0, DecKernel.kl(p, q) / nz, 0, 0, Double.NaN));
    String stop = "step budget " + o.maxSteps() + " reached";
    long step = 0;
    double klSum = 0;
    int klCount = 0;
    while (step < o.maxSteps()) {
      DecKernel.Evaluation ev = kernel.evaluate(z, p, shifts);
      klSum += ev.loss() / nz;
      klCount++;
      double w = o.lambda() / nz;
      double[][] gz = null;
      if (o.trainEmbeddings()) {
        gz = new double[nz][d];
        for (int i = 0; i < nz; i++) {
          for (int t = 0; t < d; t++) gz[i][t] = (z[i][t] - z0[i][t]) / nz + w * ev.gradZ()[i][t];
        }
      }
      double[][] gm = ev.gradCentres(); // null for DECEMber (centres by EM)
      if (gm != null) {
        for (double[] row : gm) {
          for (int t = 0; t < d; t++) row[t] *= w;
        }
      }
      opt.update(o.learningRate(), new double[][][] {z, mu}, new double[][][] {gz, gm});
      step++;
      if (step % o.updateInterval() == 0 || step == o.maxSteps()) {
        if (invariant) shifts = kernel.bestShifts(z);
        q = kernel.q(z, shifts);
        int[] now = DecKernel.labels(q);
        double changed = DecKernel.changedFraction(labels, now);
        labels = now;
        history.add(new Refresh(step, klSum / Math.max(1, klCount), anchor(z, z0), changed, Double.NaN));
        klSum = 0;
        klCount = 0;
        p = DecKernel.target(q, o.targetExponent());
        progress.report("dec", step, o.maxSteps(), Map.of("kl", history.get(history.size() - 1).kl(),
            "changed", changed));
        if (changed < o.tol()) {
          stop = String.format("label change %.5f < tol %.5f after %d steps", changed, o.tol(), step);
          break;
        }
      }
    }
    return new Result(labels, z, mu, kernel.variances, shifts, q, List.copyOf(history), step, stop);
  }

  /** (1/N) Σ ½‖z_i − z_i⁰‖². */
  static double anchor(double[][] z, double[][] z0) {
    double s = 0;
    for (int i = 0; i < z.length; i++) s += 0.5 * DecKernel.sqDist(z[i], z0[i]);
    return s / z.length;
  }

  static double[][] copy(double[][] x) {
    double[][] c = new double[x.length][];
    for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
    return c;
  }
}
