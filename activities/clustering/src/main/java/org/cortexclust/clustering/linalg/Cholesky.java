package org.cortexclust.clustering.linalg;

/** Cholesky factor {@code A = L Lᵀ} of a symmetric positive-definite matrix, with solves and log-determinant. */
public final class Cholesky {
  private final double[][] l;

  private Cholesky(double[][] l) {
    this.l = l;
  }

  /** @throws ArithmeticException when A is not (numerically) positive definite */
  public static Cholesky of(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        double[] li = l[i], lj = l[j];
        for (int k = 0; k < j; k++) s -= li[k] * lj[k];
        if (i == j) {
          if (!(s > 0)) throw new ArithmeticException("matrix not positive definite at pivot " + i + " (" + s + ")");
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return new Cholesky(l);
  }

  public int size() {
    return l.length;
  }

  /** log det A = 2 Σ log L_ii. */
  public double logDet() {
    double s = 0;
    for (int i = 0; i < l.length; i++) s += Math.log(l[i][i]);
    return 2 * s;
  }

  /** Solve L y = b in place (forward substitution); ‖y‖² is the Mahalanobis form bᵀA⁻¹b. */
  public void forwardInPlace(double[] b) {
    int n = l.length;
    for (int i = 0; i < n; i++) {
      double s = b[i];
      double[] li = l[i];
      for (int k = 0; k < i; k++) s -= li[k] * b[k];
      b[i] = s / li[i];
    }
  }

  /**
   * {@code (L⁻¹)ᵀ}, upper triangular: with it, {@code L⁻¹ b = Σ_f b_f · row f} and the Mahalanobis form is
   * {@code ‖(L⁻¹)ᵀ-weighted sum‖²}, a matrix product that {@link BlockedDots#rowsTimesUpper} runs blocked.
   */
  public double[][] inverseFactorTransposed() {
    int n = l.length;
    double[][] u = new double[n][n];
    double[] y = new double[n];
    for (int c = 0; c < n; c++) {
      // column c of L⁻¹: solve L y = e_c (y_i = 0 for i < c)
      for (int i = c; i < n; i++) {
        double s = i == c ? 1 : 0;
        double[] li = l[i];
        for (int k = c; k < i; k++) s -= li[k] * y[k];
        y[i] = s / li[i];
        u[c][i] = y[i];
      }
    }
    return u;
  }

  /** Solve A x = b in place. */
  public void solveInPlace(double[] b) {
    forwardInPlace(b);
    int n = l.length;
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      for (int k = i + 1; k < n; k++) s -= l[k][i] * b[k];
      b[i] = s / l[i][i];
    }
  }

  /** A⁻¹ (dense). */
  public double[][] inverse() {
    int n = l.length;
    double[][] inv = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1;
      solveInPlace(e);
      for (int i = 0; i < n; i++) inv[i][j] = e[i];
    }
    return inv;
  }
}
