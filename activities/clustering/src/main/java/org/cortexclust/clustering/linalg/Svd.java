package org.cortexclust.clustering.linalg;

/**
 * Thin SVD {@code A = U diag(s) Vᵀ} of a small dense m × n matrix (m ≥ n) by one-sided Jacobi (Hestenes):
 * orthogonalise the columns of A·V with plane rotations. Used for the c × c polar factor in spectral rotation.
 */
public record Svd(double[][] u, double[] s, double[][] v) {

  public static Svd of(double[][] a) {
    int m = a.length, n = a[0].length;
    if (m < n) throw new IllegalArgumentException("Svd needs rows >= columns, got " + m + "x" + n);
    double[][] w = new double[m][];
    for (int i = 0; i < m; i++) w[i] = a[i].clone();
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) v[i][i] = 1;
    for (int sweep = 0; sweep < 100; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double alpha = 0, beta = 0, gamma = 0;
          for (int i = 0; i < m; i++) {
            alpha += w[i][p] * w[i][p];
            beta += w[i][q] * w[i][q];
            gamma += w[i][p] * w[i][q];
          }
          if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma == 0) continue;
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) t = 1;
          double c = 1 / Math.sqrt(1 + t * t), s = c * t;
          for (int i = 0; i < m; i++) {
            double x = w[i][p], y = w[i][q];
            w[i][p] = c * x - s * y;
            w[i][q] = s * x + c * y;
          }
          for (int i = 0; i < n; i++) {
            double x = v[i][p], y = v[i][q];
            v[i][p] = c * x - s * y;
            v[i][q] = s * x + c * y;
          }
        }
      }
      if (!rotated) break;
    }
    double[] s = new double[n];
    double[][] u = new double[m][n];
    for (int j = 0; j < n; j++) {
      double nrm = 0;
      for (int i = 0; i < m; i++) nrm += w[i][j] * w[i][j];
      nrm = Math.sqrt(nrm);
      s[j] = nrm;
      for (int i = 0; i < m; i++) u[i][j] = nrm > 0 ? w[i][j] / nrm : 0;
    }
    // zero singular values: complete U's column with a unit vector orthogonal to the others (keeps U orthonormal)
    for (int j = 0; j < n; j++) {
      if (s[j] > 0) continue;
      for (int e = 0; e < m; e++) {
        double[] cand = new double[m];
        cand[e] = 1;
        for (int k = 0; k < n; k++) {
          if (k == j || (s[k] == 0 && k > j)) continue;
          double d = 0;
          for (int i = 0; i < m; i++) d += cand[i] * u[i][k];
          for (int i = 0; i < m; i++) cand[i] -= d * u[i][k];
        }
        double nrm = 0;
        for (double x : cand) nrm += x * x;
        if (nrm > 1e-6) {
          nrm = Math.sqrt(nrm);
          for (int i = 0; i < m; i++) u[i][j] = cand[i] / nrm;
          break;
        }
      }
    }
    return new Svd(u, s, v);
  }
}
