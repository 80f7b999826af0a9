package org.cortexclust.dec;

/**
 * The mutable clustering side of a DEC run, for either {@link Method}: centres (learned by gradient for DEC, by
 * EM for DECEMber) and, for DECEMber, per-cluster diagonal variances.
 */
final class ClusterKernel {
  final Method method;
  final double alpha;
  final int rotations;
  /** Centres K × d, updated in place (DEC: by the caller's optimiser; DECEMber: by {@link #evaluate}). */
  final double[][] centres;
  /** DECEMber variances K × d (null for DEC). */
  final double[][] variances;

  ClusterKernel(Method method, double alpha, int rotations, double[][] centres, double[][] variances) {
    this.method = method;
    this.alpha = alpha;
    this.rotations = rotations;
    this.centres = centres;
    this.variances = variances;
  }

  /** A fresh kernel; DECEMber variances start at the within-cluster variances of the nearest-centre partition. */
  static ClusterKernel start(Method method, double alpha, int rotations, boolean invariant, double[][] z,
      double[][] centres) {
    if (method == Method.DEC) return new ClusterKernel(method, alpha, rotations, centres, null);
    int n = invariant ? rotations : 1;
    int[][] sh = invariant ? DecKernel.bestShifts(z, centres, n) : null;
    int[] lab = DecKernel.labels(DecKernel.softAssign(z, centres, 1, sh, n));
    double[][] framed = sh == null ? z : framed(z, lab, sh, n);
    return new ClusterKernel(method, alpha, rotations, centres, TMixture.initialVariances(framed, lab, centres));
  }

  /** Each z_i rolled into the frame of its centre. */
  static double[][] framed(double[][] z, int[] labels, int[][] shifts, int n) {
    double[][] out = new double[z.length][];
    for (int i = 0; i < z.length; i++) out[i] = DecKernel.roll(z[i], n, shifts[i][labels[i]]);
    return out;
  }

  TMixture.Params mixture() {
    return new TMixture.Params(centres, variances);
  }

  int[][] bestShifts(double[][] z) {
    return method == Method.DEC ? DecKernel.bestShifts(z, centres, rotations)
        : TMixture.bestShifts(z, mixture(), rotations);
  }

  double[][] q(double[][] z, int[][] shifts) {
    return method == Method.DEC ? DecKernel.softAssign(z, centres, alpha, shifts, rotations)
        : TMixture.evaluate(z, mixture(), alpha, null, shifts, rotations).q();
  }

  /**
   * KL(P‖Q) and gradients. DECEMber first replaces centres and variances by one EM step on z (no centre gradient
   * is returned); DEC returns the centre gradient for the caller's optimiser.
   */
  DecKernel.Evaluation evaluate(double[][] z, double[][] p, int[][] shifts) {
    if (method == Method.DEC) return DecKernel.evaluate(z, centres, p, alpha, shifts, rotations);
    TMixture.Params next = TMixture.emStep(z, mixture(), alpha, shifts, rotations);
    for (int j = 0; j < centres.length; j++) {
      System.arraycopy(next.centres()[j], 0, centres[j], 0, centres[j].length);
      System.arraycopy(next.variances()[j], 0, variances[j], 0, variances[j].length);
    }
    return TMixture.evaluate(z, mixture(), alpha, p, shifts, rotations);
  }
}
