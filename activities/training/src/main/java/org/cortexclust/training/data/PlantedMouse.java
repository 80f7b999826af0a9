package org.cortexclust.training.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Small synthetic mouse with planted structure, for tests and benchmarks: smooth noise images, three behaviour
 * planes, and neurons that are oriented Gabor <em>simple</em> cells (rectified linear) or <em>complex</em> cells
 * (energy of a quadrature pair, invisible to a linear-nonlinear model), each at a random location and orientation,
 * with Poisson spike counts. Tiers: 80 % train, 10 % validation (single presentations) and a test tier of
 * repeated images.
 *
 * @param data      the mouse
 * @param trueRates noise-free rates, T × N (for the noise ceiling)
 * @param complex   per neuron, whether it is a complex cell
 * @param orientation per neuron, preferred orientation in radians
 */
public record PlantedMouse(MouseData data, float[] trueRates, boolean[] complex, double[] orientation) {

  /**
   * @param trials       total trials (train + validation + test repeats)
   * @param testImages   distinct test images, each shown {@code repeats} times
   * @param complexShare fraction of complex cells
   */
  public static PlantedMouse generate(String mouseId, int trials, int neurons, int height, int width, int testImages,
      int repeats, double complexShare, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int channels = 4;
    int hw = height * width;
    int testTrials = testImages * repeats;
    int single = trials - testTrials;
    if (single < 10) throw new IllegalArgumentException("too few trials for the tiers");
    int nVal = single / 9;
    int nTrain = single - nVal;
    // distinct images: one per single trial + one per test image
    int distinct = single + testImages;
    float[][] imgs = new float[distinct][];
    for (int i = 0; i < distinct; i++) imgs[i] = smoothNoise(height, width, rnd);
    // neurons
    double[][] even = new double[neurons][];
    double[][] odd = new double[neurons][];
    boolean[] complex = new boolean[neurons];
    double[] ori = new double[neurons];
    double[] gain = new double[neurons];
    double[] base = new double[neurons];
    double[] beh = new double[neurons];
    // cortical coordinates (µm) follow the RF centre (retinotopy) plus scatter; their own stream keeps the rest of
    // the mouse identical to one generated without them
    SplittableRandom cortex = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
    float[] coords = new float[neurons * 3];
    for (int j = 0; j < neurons; j++) {
      complex[j] = rnd.nextDouble() < complexShare;
      ori[j] = rnd.nextDouble() * Math.PI;
      double cx = width * (0.3 + 0.4 * rnd.nextDouble());
      double cy = height * (0.3 + 0.4 * rnd.nextDouble());
      double sigma = 2.0;
      double lambda = 6.0;
      even[j] = gabor(height, width, cx, cy, ori[j], sigma, lambda, 0);
      odd[j] = gabor(height, width, cx, cy, ori[j], sigma, lambda, Math.PI / 2);
      coords[3 * j] = (float) (800 * cx / width + 10 * cortex.nextGaussian());
      coords[3 * j + 1] = (float) (-600 * cy / height + 10 * cortex.nextGaussian());
      coords[3 * j + 2] = (float) (180 + 200 * cortex.nextDouble());
      gain[j] = 0.8 + 0.8 * rnd.nextDouble();
      base[j] = 0.2 + 0.3 * rnd.nextDouble();
      beh[j] = 0.3 * (rnd.nextDouble() - 0.5);
    }
    // trial order: shuffled tiers
    String[] tiers = new String[trials];
    int[] imageIds = new int[trials];
    int[] order = new int[trials];
    for (int i = 0; i < trials; i++) order[i] = i;
    for (int i = trials - 1; i > 0; i--) {
      int k = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    for (int s = 0; s < trials; s++) {
      int t = order[s];
      if (s < nTrain) {
        tiers[t] = "train";
        imageIds[t] = s;
      } else if (s < single) {
        tiers[t] = "validation";
        imageIds[t] = s;
      } else {
        tiers[t] = "test";
        imageIds[t] = single + (s - single) % testImages;
      }
    }
    FloatBuffer images = direct((long) trials * channels * hw);
    FloatBuffer responses = direct((long) trials * neurons);
    float[] rates = new float[trials * neurons];
    for (int t = 0; t < trials; t++) {
      float[] img = imgs[imageIds[t]];
      double running = rnd.nextDouble() * 2 - 1;
      double pupil = rnd.nextDouble() * 2 - 1;
      double dpupil = rnd.nextDouble() * 2 - 1;
      int off = t * channels * hw;
      for (int p = 0; p < hw; p++) {
        images.put(off + p, img[p]);
        images.put(off + hw + p, (float) pupil);
        images.put(off + 2 * hw + p, (float) dpupil);
        images.put(off + 3 * hw + p, (float) running);
      }
      for (int j = 0; j < neurons; j++) {
        double a = dot(even[j], img);
        double drive;
        if (complex[j]) {
          double b = dot(odd[j], img);
          drive = Math.sqrt(a * a + b * b) - 0.8;
        } else {
          drive = a;
        }
        double rate = base[j] + gain[j] * softplus(2 * drive) * Math.exp(beh[j] * running);
        rates[t * neurons + j] = (float) rate;
        responses.put(t * neurons + j, poisson(rate, rnd));
      }
    }
    int[] unitIds = new int[neurons];
    for (int j = 0; j < neurons; j++) unitIds[j] = 1000 + j;
    MouseData md = new MouseData(mouseId, trials, neurons, channels, height, width, images, responses, tiers,
        imageIds, unitIds, coords);
    return new PlantedMouse(md, rates, complex, ori);
  }

  static FloatBuffer direct(long n) {
    return ByteBuffer.allocateDirect(Math.toIntExact(n * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** White noise blurred by a separable Gaussian (σ = 1.5 px), z-scored. */
  static float[] smoothNoise(int h, int w, SplittableRandom rnd) {
    double[] x = new double[h * w];
    for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble() * 2 - 1;
    double[] k = new double[7];
    for (int i = 0; i < 7; i++) k[i] = Math.exp(-(i - 3) * (i - 3) / (2 * 1.5 * 1.5));
    double[] y = new double[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double s = 0;
        for (int i = 0; i < 7; i++) {
          int cc = Math.floorMod(c + i - 3, w);
          s += k[i] * x[r * w + cc];
        }
        y[r * w + c] = s;
      }
    }
    double[] z = new double[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double s = 0;
        for (int i = 0; i < 7; i++) {
          int rr = Math.floorMod(r + i - 3, h);
          s += k[i] * y[rr * w + c];
        }
        z[r * w + c] = s;
      }
    }
    double m = 0;
    double v = 0;
    for (double d : z) m += d;
    m /= z.length;
    for (double d : z) v += (d - m) * (d - m);
    double sd = Math.sqrt(v / z.length);
    float[] out = new float[z.length];
    for (int i = 0; i < z.length; i++) out[i] = (float) ((z[i] - m) / sd);
    return out;
  }

  static double[] gabor(int h, int w, double cx, double cy, double theta, double sigma, double lambda, double phase) {
    double[] g = new double[h * w];
    double norm = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double dx = c - cx;
        double dy = r - cy;
        double u = dx * Math.cos(theta) + dy * Math.sin(theta);
        double v = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) * Math.cos(2 * Math.PI * u / lambda + phase);
        g[r * w + c] = v;
        norm += v * v;
      }
    }
    double inv = 1 / Math.sqrt(norm);
    for (int i = 0; i < g.length; i++) g[i] *= inv;
    return g;
  }

  static double dot(double[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  static float poisson(double lambda, SplittableRandom rnd) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
