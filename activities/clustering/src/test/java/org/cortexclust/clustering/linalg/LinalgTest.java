package org.cortexclust.clustering.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinalgTest {
  @Test
  void jacobiEigenOfA2x2() {
    // [[2,1],[1,2]] has eigenvalues 1 and 3 with vectors (1,−1)/√2 and (1,1)/√2
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
    assertArrayEquals(new double[] {1, 3}, e.values(), 1e-14);
    assertEquals(Math.abs(e.vectors()[0][0]), Math.abs(e.vectors()[1][0]), 1e-14);
    assertEquals(-1.0, Math.signum(e.vectors()[0][0] * e.vectors()[1][0]));
  }

  @Test
  void svdReconstructs() {
    SplittableRandom r = new SplittableRandom(1);
    double[][] a = new double[5][4];
    for (double[] row : a) for (int j = 0; j < 4; j++) row[j] = r.nextGaussian();
    Svd s = Svd.of(a);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        double v = 0;
        for (int k = 0; k < 4; k++) v += s.u()[i][k] * s.s()[k] * s.v()[j][k];
        assertEquals(a[i][j], v, 1e-12);
      }
    }
  }

  @Test
  void choleskySolveAndLogDet() {
    double[][] a = {{4, 2}, {2, 3}};
    Cholesky c = Cholesky.of(a);
    assertEquals(Math.log(8), c.logDet(), 1e-14);
    double[] b = {1, 2};
    c.solveInPlace(b); // A⁻¹ = [[3,−2],[−2,4]]/8
    assertArrayEquals(new double[] {-1.0 / 8, 6.0 / 8}, b, 1e-14);
  }

  /** Path-graph Laplacian on n nodes: eigenvalues 2 − 2cos(πk/n), k = 0..n−1. */
  static SparseSymmetric pathLaplacian(int n) {
    int[] r = new int[3 * n], c = new int[3 * n];
    double[] v = new double[3 * n];
    int t = 0;
    for (int i = 0; i < n; i++) {
      int deg = (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0);
      r[t] = i; c[t] = i; v[t++] = deg;
      if (i > 0) { r[t] = i; c[t] = i - 1; v[t++] = -1; }
      if (i < n - 1) { r[t] = i; c[t] = i + 1; v[t++] = -1; }
    }
    return SparseSymmetric.fromTriplets(n, r, c, v, t);
  }

  @Test
  void lanczosFindsSmallestPathLaplacianEigenvalues() {
    int n = 400;
    SparseSymmetric lap = pathLaplacian(n);
    // smallest of L = largest of 4I − L
    LinearOperator shifted = new LinearOperator() {
      public int size() { return n; }
      public void apply(double[] x, double[] y) {
        lap.apply(x, y);
        for (int i = 0; i < n; i++) y[i] = 4 * x[i] - y[i];
      }
    };
    Lanczos.Result res = Lanczos.largest(shifted, 6, new Lanczos.Options(0, 5000, 1e-10, 3));
    assertTrue(res.converged(), "restarts " + res.restarts());
    for (int k = 0; k < 6; k++) assertEquals(2 - 2 * Math.cos(Math.PI * k / n), 4 - res.values()[k], 1e-8);
    // eigenvectors: unit norm and satisfy L y = λ y
    double[] y = new double[n];
    lap.apply(res.vectors()[1], y);
    double lam = 4 - res.values()[1], err = 0;
    for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i] - lam * res.vectors()[1][i]));
    assertTrue(err < 1e-6, "residual " + err);
  }

  @Test
  void lanczosOnDiagonalMatchesKnownSpectrum() {
    int n = 1000;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = i < 5 ? 10 - i : Math.sin(i); // top five: 10, 9, 8, 7, 6
    LinearOperator op = new LinearOperator() {
      public int size() { return n; }
      public void apply(double[] x, double[] y) { for (int i = 0; i < n; i++) y[i] = d[i] * x[i]; }
    };
    Lanczos.Result res = Lanczos.largest(op, 5, Lanczos.Options.defaults(1));
    assertArrayEquals(new double[] {10, 9, 8, 7, 6}, res.values(), 1e-9);
  }

  @Test
  void lanczosFindsRepeatedEigenvaluesOfDisconnectedGraph() {
    // three disjoint path graphs: eigenvalue 0 of the Laplacian has multiplicity 3
    int part = 300, n = 3 * part;
    SparseSymmetric p = pathLaplacian(part);
    LinearOperator op = new LinearOperator() {
      public int size() { return n; }
      public void apply(double[] x, double[] y) {
        double[] xs = new double[part], ys = new double[part];
        for (int b = 0; b < 3; b++) {
          System.arraycopy(x, b * part, xs, 0, part);
          p.apply(xs, ys);
          for (int i = 0; i < part; i++) y[b * part + i] = 4 * xs[i] - ys[i];
        }
      }
    };
    Lanczos.Result res = Lanczos.largest(op, 4, new Lanczos.Options(0, 5000, 1e-9, 1));
    assertTrue(res.converged());
    assertEquals(4.0, res.values()[0], 1e-8);
    assertEquals(4.0, res.values()[1], 1e-8);
    assertEquals(4.0, res.values()[2], 1e-8);
    assertEquals(4 - (2 - 2 * Math.cos(Math.PI / part)), res.values()[3], 1e-8);
  }

  @Test
  void chebyshevSubspaceFindsSmallestEigenpairsIncludingRepeatedOnes() {
    int part = 300, n = 3 * part;
    SparseSymmetric p = pathLaplacian(part);
    LinearOperator three = new LinearOperator() {
      public int size() { return n; }
      public void apply(double[] x, double[] y) {
        double[] xs = new double[part], ys = new double[part];
        for (int b = 0; b < 3; b++) {
          System.arraycopy(x, b * part, xs, 0, part);
          p.apply(xs, ys);
          System.arraycopy(ys, 0, y, b * part, part);
        }
      }
    };
    ChebyshevSubspace.Result r = ChebyshevSubspace.smallest(three, 5, 0, 4, new ChebyshevSubspace.Options(12, 0, 5000, 1e-10, 2));
    assertTrue(r.converged(), "iterations " + r.iterations());
    double l1 = 2 - 2 * Math.cos(Math.PI / part);
    double[] expected = {0, 0, 0, l1, l1};
    assertArrayEquals(expected, r.values(), 1e-8);
    double[] y = new double[n];
    three.apply(r.vectors()[3], y);
    double err = 0;
    for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i] - r.values()[3] * r.vectors()[3][i]));
    assertTrue(err < 1e-7, "residual " + err);
  }
}
