package org.cortexclust.data.simulator;

import java.util.SplittableRandom;

/**
 * Natural-like grey-level images: 1/f noise (equal-variance octaves of smoothly interpolated white noise, which
 * gives a power spectrum falling as 1/f²), plus soft step edges, thin lines and Gaussian blobs, contrast-scaled and
 * quantised to 8-bit grey levels 0..255 like the Sensorium ImageNet frames.
 */
public final class NaturalImages {
  private NaturalImages() {}

  /** One image, row-major H·W, values are whole numbers in [0, 255]. Deterministic in {@code rng}. */
  public static float[] generate(int height, int width, SplittableRandom rng) {
    double[] img = new double[height * width];
    // 1/f noise: octaves with grid spacing 2, 4, 8, ... up to the image size, equal amplitude per octave.
    for (int spacing = 2; spacing <= Math.max(height, width); spacing *= 2) {
      addOctave(img, height, width, spacing, rng);
    }
    double scale = Math.min(height, width);
    // Soft step edges: a luminance step across a random line (occlusion boundaries).
    int edges = 1 + rng.nextInt(3);
    for (int e = 0; e < edges; e++) {
      double theta = rng.nextDouble() * Math.PI;
      double px = rng.nextDouble() * width;
      double py = rng.nextDouble() * height;
      double amp = 1.5 * rng.nextGaussian();
      double soft = 0.5 + 2 * rng.nextDouble();
      double nx = Math.cos(theta);
      double ny = Math.sin(theta);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double u = ((x - px) * nx + (y - py) * ny) / soft;
          img[y * width + x] += amp * (u > 5 ? 1 : u < -5 ? -1 : Math.tanh(u));
        }
      }
    }
    // Thin lines (contours, twigs).
    int lines = rng.nextInt(3);
    for (int l = 0; l < lines; l++) {
      double theta = rng.nextDouble() * Math.PI;
      double px = rng.nextDouble() * width;
      double py = rng.nextDouble() * height;
      double amp = 1.5 * rng.nextGaussian();
      double w = 0.7 + 1.5 * rng.nextDouble();
      double nx = Math.cos(theta);
      double ny = Math.sin(theta);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double d = (x - px) * nx + (y - py) * ny;
          if (d * d < 18 * w * w) {
            img[y * width + x] += amp * Math.exp(-d * d / (2 * w * w));
          }
        }
      }
    }
    // Blobs of different sizes.
    int blobs = 2 + rng.nextInt(4);
    for (int b = 0; b < blobs; b++) {
      double cx = rng.nextDouble() * width;
      double cy = rng.nextDouble() * height;
      double s = scale * (0.04 + 0.2 * rng.nextDouble());
      double amp = 1.5 * rng.nextGaussian();
      int r = (int) Math.ceil(3.5 * s);
      for (int y = Math.max(0, (int) cy - r); y < Math.min(height, (int) cy + r + 1); y++) {
        for (int x = Math.max(0, (int) cx - r); x < Math.min(width, (int) cx + r + 1); x++) {
          double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          img[y * width + x] += amp * Math.exp(-d2 / (2 * s * s));
        }
      }
    }
    double mean = 0;
    for (double v : img) {
      mean += v;
    }
    mean /= img.length;
    double var = 0;
    for (double v : img) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / img.length) + 1e-12;
    double contrast = 35 + 25 * rng.nextDouble();
    double luminance = 115 + 25 * rng.nextDouble();
    float[] out = new float[img.length];
    for (int i = 0; i < img.length; i++) {
      double g = luminance + contrast * (img[i] - mean) / sd;
      out[i] = (float) Math.max(0, Math.min(255, Math.rint(g)));
    }
    return out;
  }

  private static void addOctave(double[] img, int height, int width, int spacing, SplittableRandom rng) {
    int gh = height / spacing + 3;
    int gw = width / spacing + 3;
    double[] grid = new double[gh * gw];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = rng.nextGaussian();
    }
    double ox = rng.nextDouble();
    double oy = rng.nextDouble();
    for (int y = 0; y < height; y++) {
      double gy = y / (double) spacing + oy;
      int y0 = (int) gy;
      double fy = gy - y0;
      // smoothstep interpolation avoids the grid artefacts of plain bilinear
      fy = fy * fy * (3 - 2 * fy);
      for (int x = 0; x < width; x++) {
        double gx = x / (double) spacing + ox;
        int x0 = (int) gx;
        double fx = gx - x0;
        fx = fx * fx * (3 - 2 * fx);
        double a = grid[y0 * gw + x0];
        double b = grid[y0 * gw + x0 + 1];
        double c = grid[(y0 + 1) * gw + x0];
        double d = grid[(y0 + 1) * gw + x0 + 1];
        img[y * width + x] += (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
      }
    }
  }
}
