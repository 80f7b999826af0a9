package org.cortexclust.clustering.spectral;

import java.util.SplittableRandom;
import org.cortexclust.clustering.linalg.Svd;

/**
 * Discretisation of a continuous n × c spectral embedding by spectral rotation (Yu & Shi, ICCV 2003;
 * docs/science.md §8.1): row-normalise, find the orthogonal R minimising ‖X − X̃R‖ over one-hot X by alternating
 * (X ← argmax rows of X̃R; R ← UVᵀ from the SVD of X̃ᵀX), labels = row argmax of X̃R.
 */
public final class SpectralRotation {
  private SpectralRotation() {}

  /**
   * @param objective φ = tr(Ω) at the end (≤ n)
   * @param rotation  R (c × c orthogonal); labels = row argmax of G·R
   */
  public record Result(int[] labels, double objective, int iterations, double[][] rotation) {}

  /** @param g embedding, g[j] = column j (length n), c = g.length columns */
  public static Result discretise(double[][] g, int maxIterations, long seed) {
    int c = g.length, n = g[0].length;
    // 1. row-normalise (guard zero rows)
    double[][] xt = new double[n][c];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < c; j++) s += g[j][i] * g[j][i];
      s = Math.sqrt(s);
      for (int j = 0; j < c; j++) xt[i][j] = s > 0 ? g[j][i] / s : 0;
    }
    // 2. initial R: a seeded random row, then rows most orthogonal to those chosen
    double[][] r = new double[c][c];
    SplittableRandom rng = new SplittableRandom(seed);
    int first = rng.nextInt(n);
    for (int j = 0; j < c; j++) r[j][0] = xt[first][j];
    double[] acc = new double[n];
    for (int col = 1; col < c; col++) {
      int best = 0;
      double bestV = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double dot = 0;
        for (int j = 0; j < c; j++) dot += xt[i][j] * r[j][col - 1];
        acc[i] += Math.abs(dot);
        if (acc[i] < bestV) {
          bestV = acc[i];
          best = i;
        }
      }
      for (int j = 0; j < c; j++) r[j][col] = xt[best][j];
    }
    // 3. alternate
    int[] lab = new int[n];
    double prev = Double.NEGATIVE_INFINITY, phi = 0;
    int it = 0;
    while (it < maxIterations) {
      it++;
      labelsOf(xt, r, lab);
      // B = X̃ᵀ X (c × c): column l sums the rows of X̃ labelled l
      double[][] b = new double[c][c];
      for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) b[j][lab[i]] += xt[i][j];
      Svd svd = Svd.of(b);
      phi = 0;
      for (double s : svd.s()) phi += s;
      if (Math.abs(phi - prev) < 1e-10 * Math.max(1, Math.abs(phi))) break;
      prev = phi;
      // R = U Vᵀ
      for (int p = 0; p < c; p++) {
        for (int q = 0; q < c; q++) {
          double s = 0;
          for (int t = 0; t < c; t++) s += svd.u()[p][t] * svd.v()[q][t];
          r[p][q] = s;
        }
      }
    }
    labelsOf(xt, r, lab);
    return new Result(lab, phi, it, r);
  }

  private static void labelsOf(double[][] xt, double[][] r, int[] lab) {
    int c = r.length;
    for (int i = 0; i < xt.length; i++) {
      int bj = 0;
      double bv = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < c; q++) {
        double s = 0;
        for (int p = 0; p < c; p++) s += xt[i][p] * r[p][q];
        if (s > bv) {
          bv = s;
          bj = q;
        }
      }
      lab[i] = bj;
    }
  }
}
