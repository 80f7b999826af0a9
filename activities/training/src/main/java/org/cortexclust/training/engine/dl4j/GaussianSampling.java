package org.cortexclust.training.engine.dl4j;

/**
 * The integer side of the Gaussian readout's bilinear sampling, computed in Java before every pass (SameDiff has no
 * differentiable gather-by-position): the sampling position p = clamp(μ + Σ ε, −1, 1), which coordinates the clamp
 * holds (gradient 0 there, as PyTorch's clamp), the floored base pixel, the row index of each of the 4 neighbours in
 * the (B·H·W, C) core output, and whether each neighbour is inside the map (zero padding as
 * {@code grid_sample(padding_mode=zeros, align_corners=true)}).
 */
final class GaussianSampling {
  private GaussianSampling() {}

  /**
   * @param eps     (B, N, 2) trial-major, or null (mean location)
   * @param inside  (B, N, 2) 1 where μ + Σε is inside [−1, 1]
   * @param clamped (B, N, 2) the clamped value where it is outside, else 0
   * @param base    (B, N, 2) floor of the pixel coordinate (x, y)
   * @param valid   (B, 4, N) neighbour inside the map
   * @param index   (B·4·N) row of each neighbour, order (b, q, n), q = (y0,x0), (y0,x1), (y1,x0), (y1,x1)
   */
  record Placeholders(double[] eps, double[] inside, double[] clamped, double[] base, double[] valid, int[] index) {}

  static Placeholders compute(double[] mu, double[] sigma, double[] eps, int b, int n, int h, int w) {
    if (eps != null && eps.length != (long) b * n * 2) {
      throw new IllegalArgumentException("readout jitter must hold " + b + "x" + n + "x2 values, got " + eps.length);
    }
    double[] e = eps != null ? eps : new double[b * n * 2];
    double[] inside = new double[b * n * 2];
    double[] clamped = new double[b * n * 2];
    double[] base = new double[b * n * 2];
    double[] valid = new double[b * 4 * n];
    int[] index = new int[b * 4 * n];
    for (int bi = 0; bi < b; bi++) {
      for (int ni = 0; ni < n; ni++) {
        int o = (bi * n + ni) * 2;
        double[] pix = new double[2];
        for (int i = 0; i < 2; i++) {
          double v = mu[ni * 2 + i] + e[o] * sigma[ni * 4 + i * 2] + e[o + 1] * sigma[ni * 4 + i * 2 + 1];
          boolean in = v >= -1 && v <= 1;
          inside[o + i] = in ? 1 : 0;
          double p = Math.max(-1, Math.min(1, v));
          clamped[o + i] = in ? 0 : p;
          pix[i] = (p + 1) / 2 * ((i == 0 ? w : h) - 1);
          base[o + i] = Math.floor(pix[i]);
        }
        int x0 = (int) base[o];
        int y0 = (int) base[o + 1];
        for (int q = 0; q < 4; q++) {
          int yy = y0 + q / 2;
          int xx = x0 + q % 2;
          boolean ok = yy >= 0 && yy < h && xx >= 0 && xx < w;
          int at = (bi * 4 + q) * n + ni;
          valid[at] = ok ? 1 : 0;
          index[at] = bi * h * w + (ok ? yy * w + xx : 0);
        }
      }
    }
    return new Placeholders(e, inside, clamped, base, valid, index);
  }
}
