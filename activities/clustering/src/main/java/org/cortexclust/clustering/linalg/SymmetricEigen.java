package org.cortexclust.clustering.linalg;

/**
 * Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5):
 * accurate, simple, O(m³) per sweep — for projected Lanczos matrices and d × d / c × c problems, not for n × n.
 *
 * @param values  eigenvalues, ascending
 * @param vectors vectors[i][j] = component i of the eigenvector for values[j] (columns)
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

  public static SymmetricEigen of(double[][] matrix) {
    int m = matrix.length;
    double[][] a = new double[m][];
    for (int i = 0; i < m; i++) {
      if (matrix[i].length != m) throw new IllegalArgumentException("matrix is not square: row " + i);
      a[i] = matrix[i].clone();
    }
    double[][] v = new double[m][m];
    for (int i = 0; i < m; i++) v[i][i] = 1;
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0, diag = 0;
      for (int p = 0; p < m; p++) {
        diag += a[p][p] * a[p][p];
        for (int q = p + 1; q < m; q++) off += a[p][q] * a[p][q];
      }
      if (off <= 1e-30 * Math.max(diag, 1e-300) || off == 0) break;
      for (int p = 0; p < m - 1; p++) {
        for (int q = p + 1; q < m; q++) {
          double apq = a[p][q];
          if (apq == 0) continue;
          double app = a[p][p], aqq = a[q][q];
          if (Math.abs(apq) < 1e-18 * (Math.abs(app) + Math.abs(aqq)) && sweep > 3) {
            a[p][q] = a[q][p] = 0;
            continue;
          }
          double theta = (aqq - app) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) t = 1;
          double c = 1 / Math.sqrt(t * t + 1), s = t * c;
          for (int k = 0; k < m; k++) {
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < m; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < m; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    // sort ascending
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) order[i] = i;
    final double[][] fa = a;
    java.util.Arrays.sort(order, (x, y) -> Double.compare(fa[x][x], fa[y][y]));
    double[] vals = new double[m];
    double[][] vecs = new double[m][m];
    for (int j = 0; j < m; j++) {
      vals[j] = a[order[j]][order[j]];
      for (int i = 0; i < m; i++) vecs[i][j] = v[i][order[j]];
    }
    return new SymmetricEigen(vals, vecs);
  }
}
