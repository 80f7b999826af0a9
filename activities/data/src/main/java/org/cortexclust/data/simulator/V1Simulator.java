package org.cortexclust.data.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.sensorium.RawMouse;
import org.cortexclust.data.sensorium.SensoriumWriter;

/**
 * A simulated mouse V1 population written in the Sensorium 2022 static layout, with ground truth.
 *
 * <p>Per neuron: a {@link CellType} (simple / complex at two spatial frequencies, surround-suppressed, centre–surround),
 * a random preferred orientation in [0, π) and a random receptive-field centre. Per trial the noiseless rate is
 * {@code r = A · g_t · (b + d̃)/(1 + b)}, where {@code d̃} is the type's drive (computed on the image shifted by the
 * eye position) divided by its mean over trials, {@code g_t = exp(β_run·run_z + β_pupil·pupil_z)} is the behavioural
 * gain, {@code b = 0.1} a baseline and {@code A} a log-normal amplitude. The recorded response is
 * {@code y = Poisson(r) · exp(σ ε − σ²/2)}, ε ~ N(0,1), σ = 0.2 (count noise plus a continuous jitter, mean r).
 *
 * <p>Noise ceiling per neuron (stored as {@code gt_noise_ceiling.npy} and attribute {@code noise_ceiling_rho_st}): the
 * correlation between r and y over trials implied by this noise model,
 * {@code ρ = var(r) / sqrt(var(r) · (var(r) + E[r]·e^{σ²} + E[r²]·(e^{σ²} − 1)))}, over all trials and, since a
 * model's validation and test ρ_st are scored on those tiers' trials only, over each tier's trials
 * ({@code gt_noise_ceiling_<tier>.npy}, attribute {@code noise_ceiling_rho_st_<tier>}).
 *
 * <p>Conventions: {@code rfX, rfY} are in the [−1, 1] grid coordinates of a Gaussian readout (align_corners: −1/+1 are
 * the centres of the first/last pixel; x along the width, y along the height, rows downwards); the preferred
 * orientation is the angle of the carrier's wave vector from the +x axis towards +y (rows), in [0, π).
 */
public final class V1Simulator {
  static final double BASELINE = 0.1;
  static final double JITTER_SIGMA = 0.2;
  static final double[] TYPE_WEIGHTS = {0.18, 0.14, 0.18, 0.14, 0.18, 0.18};

  private V1Simulator() {}

  /**
   * The noise ceiling of one neuron over {@code t} trials with rate sums {@code s1} = Σr and {@code s2} = Σr²:
   * var(r) / sqrt(var(r) · var(y)) with var(y) = var(r) + E[r]·e^{σ²} + E[r²]·(e^{σ²} − 1) (class comment).
   */
  static float ceiling(double s1, double s2, int t, double jitter2) {
    double er = s1 / t;
    double er2 = s2 / t;
    double vr = Math.max(0, er2 - er * er);
    double vy = vr + er * jitter2 + er2 * (jitter2 - 1);
    return vr > 0 ? (float) (vr / Math.sqrt(vr * vy)) : 0f;
  }

  /** The data key of mouse {@code m} (0-based): {@code sim<m+1>-<seed>-1}. */
  public static String key(SimulatorOptions o, int m) {
    return "sim" + (m + 1) + "-" + Long.toUnsignedString(o.seed()) + "-1";
  }

  /** Simulate every mouse and write each to {@code root/static<key>-GrayImageNet-<hash>/}; returns the folders. */
  public static List<Path> write(SimulatorOptions o, Path root, Progress progress) throws IOException {
    List<Path> out = new ArrayList<>();
    String hash = hash(o);
    for (int m = 0; m < o.mice(); m++) {
      RawMouse mouse = simulate(o, m);
      Path folder = root.resolve(SensoriumWriter.folderName(mouse.key(), hash));
      SensoriumWriter.write(mouse, folder);
      out.add(folder);
      progress.report("simulate", m + 1, o.mice(), Map.of());
    }
    return out;
  }

  static String hash(SimulatorOptions o) {
    return hash(o.toString());
  }

  /** The first 16 bytes of SHA-256 of a simulator's options text, in hex (names its output folders). */
  static String hash(String options) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(options.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Simulate mouse {@code m} (0-based) in memory. */
  public static RawMouse simulate(SimulatorOptions o, int m) {
    final int h = o.height();
    final int w = o.width();
    final int n = o.neurons();
    final int t = o.trials();
    long mouseSeed = mix(o.seed(), 0x5EED_0000L + m);

    // ---- tiers, image ids, presentation order
    int nTest = SimulatorOptions.testImages(t, o.testFraction(), o.testRepeats());
    int nFinal = SimulatorOptions.testImages(t, o.finalTestFraction(), o.testRepeats());
    int singles = t - (nTest + nFinal) * o.testRepeats();
    int nVal = Math.max(1, (int) Math.round(singles * o.validationFraction()));
    int uniqueImages = nTest + nFinal + singles;
    int[] presImage = new int[t];
    String[] presTier = new String[t];
    int p = 0;
    for (int k = 0; k < nTest + nFinal; k++) {
      for (int r = 0; r < o.testRepeats(); r++) {
        presImage[p] = k;
        presTier[p++] = k < nTest ? "test" : "final_test";
      }
    }
    for (int k = 0; k < singles; k++) {
      presImage[p] = nTest + nFinal + k;
      presTier[p++] = k < nVal ? "validation" : "train";
    }
    SplittableRandom orderRng = new SplittableRandom(mix(mouseSeed, 1));
    int[] presOrder = permutation(t, orderRng); // presentation position -> entry above
    int[] fileOf = permutation(t, orderRng); // presentation position -> file index
    int[] imageOfTrial = new int[t];
    String[] tiers = new String[t];
    int[] trialIdx = new int[t];
    for (int pos = 0; pos < t; pos++) {
      int file = fileOf[pos];
      imageOfTrial[file] = presImage[presOrder[pos]];
      tiers[file] = presTier[presOrder[pos]];
      trialIdx[file] = pos;
    }
    int[] imageIdOfUnique = new int[uniqueImages];
    int[] idPerm = permutation(uniqueImages, new SplittableRandom(mix(mouseSeed, 2)));
    for (int k = 0; k < uniqueImages; k++) {
      imageIdOfUnique[k] = 1000 + idPerm[k];
    }
    int[] frameImageId = new int[t];
    for (int i = 0; i < t; i++) {
      frameImageId[i] = imageIdOfUnique[imageOfTrial[i]];
    }

    // ---- images (one per unique image, shared by repeats)
    float[][] unique = new float[uniqueImages][];
    IntStream.range(0, uniqueImages).parallel()
        .forEach(k -> unique[k] = NaturalImages.generate(h, w, new SplittableRandom(mix(mouseSeed, 1_000_000L + k))));
    float[][] images = new float[t][];
    for (int i = 0; i < t; i++) {
      images[i] = unique[imageOfTrial[i]];
    }

    // ---- behaviour along presentation order (slow AR(1) processes), stored per file index
    SplittableRandom br = new SplittableRandom(mix(mouseSeed, 3));
    double[] runLatent = ar1(t, 0.97, br);
    double[] pupLatent = ar1(t, 0.99, br);
    double[] eyeX = ar1(t, 0.9, br);
    double[] eyeY = ar1(t, 0.9, br);
    float[] behavior = new float[t * 3];
    float[] pupilCenter = new float[t * 2];
    double[] speedPres = new double[t];
    double[] pupilPres = new double[t];
    for (int pos = 0; pos < t; pos++) {
      speedPres[pos] = Math.max(0, 12 * (runLatent[pos] + 0.2)) * (1 + 0.05 * br.nextGaussian());
      if (speedPres[pos] < 0) {
        speedPres[pos] = 0;
      }
      pupilPres[pos] = 30 + 6 * pupLatent[pos] + 0.15 * speedPres[pos];
    }
    for (int pos = 0; pos < t; pos++) {
      int file = fileOf[pos];
      behavior[file * 3] = (float) pupilPres[pos];
      behavior[file * 3 + 1] = (float) (pos == 0 ? 0 : pupilPres[pos] - pupilPres[pos - 1]);
      behavior[file * 3 + 2] = (float) speedPres[pos];
      pupilCenter[file * 2] = (float) (100 + 4 * eyeX[pos]);
      pupilCenter[file * 2 + 1] = (float) (60 + 3 * eyeY[pos]);
    }
    double[] runZ = zscore(column(behavior, 3, 2));
    double[] pupZ = zscore(column(behavior, 3, 0));
    double[] eyeXz = zscore(column(pupilCenter, 2, 0));
    double[] eyeYz = zscore(column(pupilCenter, 2, 1));
    int[] shiftX = new int[t];
    int[] shiftY = new int[t];
    for (int i = 0; i < t; i++) {
      shiftX[i] = (int) Math.max(-3, Math.min(3, Math.round(o.eyeShiftPixels() * eyeXz[i])));
      shiftY[i] = (int) Math.max(-3, Math.min(3, Math.round(o.eyeShiftPixels() * eyeYz[i])));
    }

    // ---- neurons
    SplittableRandom nr = new SplittableRandom(mix(mouseSeed, 4));
    Neuron[] cells = new Neuron[n];
    int[] type = new int[n];
    float[] ori = new float[n];
    float[] rfX = new float[n];
    float[] rfY = new float[n];
    float[] coords = new float[n * 3];
    for (int j = 0; j < n; j++) {
      CellType ct = CellType.values()[pick(TYPE_WEIGHTS, nr.nextDouble())];
      double theta = nr.nextDouble() * Math.PI;
      double phase = nr.nextDouble() * 2 * Math.PI;
      double gx = -0.6 + 1.2 * nr.nextDouble();
      double gy = -0.6 + 1.2 * nr.nextDouble();
      double amp = Math.exp(Math.log(1.2) + 0.4 * nr.nextGaussian());
      double betaRun = 0.25 + 0.1 * nr.nextGaussian();
      double betaPupil = 0.1 + 0.05 * nr.nextGaussian();
      double suppression = 1 + nr.nextDouble();
      cells[j] = new Neuron(ct, theta, phase, (gx + 1) / 2 * (w - 1), (gy + 1) / 2 * (h - 1), amp, betaRun, betaPupil, suppression, h);
      type[j] = ct.ordinal();
      ori[j] = ct.oriented ? (float) theta : Float.NaN;
      rfX[j] = (float) gx;
      rfY[j] = (float) gy;
      // Retinotopy: cortical position follows the RF position, plus scatter; depth in L2/3.
      coords[3 * j] = (float) (500 * gx + 25 * nr.nextGaussian());
      coords[3 * j + 1] = (float) (-350 * gy + 25 * nr.nextGaussian());
      coords[3 * j + 2] = (float) (180 + 200 * nr.nextDouble());
    }
    int[] unitIds = IntStream.rangeClosed(1, n).toArray();

    // ---- responses (neurons in parallel; each has its own noise stream)
    float[][] unitImages = new float[uniqueImages][];
    for (int k = 0; k < uniqueImages; k++) {
      float[] im = unique[k];
      float[] x = new float[im.length];
      for (int q = 0; q < im.length; q++) {
        x[q] = (im[q] - 128f) / 64f;
      }
      unitImages[k] = x;
    }
    float[] responses = new float[t * n];
    float[] ceiling = new float[n];
    List<String> tierNames = PreparedMouse.TIERS;
    int[] tierOf = new int[t];
    for (int i = 0; i < t; i++) {
      tierOf[i] = tierNames.indexOf(tiers[i]);
    }
    float[][] tierCeiling = new float[tierNames.size()][n];
    IntStream.range(0, n).parallel().forEach(j -> {
      Neuron c = cells[j];
      double[] drive = new double[t];
      double[] surround = c.type == CellType.SURROUND_SUPPRESSED ? new double[t] : null;
      for (int i = 0; i < t; i++) {
        float[] x = unitImages[imageOfTrial[i]];
        double cx = c.cx + shiftX[i];
        double cy = c.cy + shiftY[i];
        double e0 = c.k0.dot(x, h, w, cx, cy);
        switch (c.type) {
          case SIMPLE_LOW_SF, SIMPLE_HIGH_SF, CENTER_SURROUND -> drive[i] = Math.max(0, e0);
          default -> {
            double e1 = c.k1.dot(x, h, w, cx, cy);
            drive[i] = Math.sqrt(e0 * e0 + e1 * e1);
            if (surround != null) {
              double s0 = c.s0.dot(x, h, w, cx, cy);
              double s1 = c.s1.dot(x, h, w, cx, cy);
              surround[i] = Math.sqrt(s0 * s0 + s1 * s1);
            }
          }
        }
      }
      if (surround != null) {
        double ms = mean(surround) + 1e-12;
        for (int i = 0; i < t; i++) {
          drive[i] = drive[i] / (1 + c.suppression * surround[i] / ms); // divisive normalisation by the surround
        }
      }
      double md = mean(drive);
      SplittableRandom noise = new SplittableRandom(mix(mouseSeed, 2_000_000L + j));
      double s1 = 0;
      double s2 = 0;
      double[] ts1 = new double[tierNames.size()];
      double[] ts2 = new double[tierNames.size()];
      int[] tn = new int[tierNames.size()];
      double jitter2 = Math.exp(JITTER_SIGMA * JITTER_SIGMA);
      for (int i = 0; i < t; i++) {
        double dn = md > 0 ? drive[i] / md : 0;
        double gain = Math.exp(c.betaRun * runZ[i] + c.betaPupil * pupZ[i]);
        double rate = c.amplitude * gain * (BASELINE + dn) / (1 + BASELINE);
        s1 += rate;
        s2 += rate * rate;
        ts1[tierOf[i]] += rate;
        ts2[tierOf[i]] += rate * rate;
        tn[tierOf[i]]++;
        int count = poisson(rate, noise);
        double y = count * Math.exp(JITTER_SIGMA * noise.nextGaussian() - JITTER_SIGMA * JITTER_SIGMA / 2);
        responses[i * n + j] = (float) y;
      }
      ceiling[j] = ceiling(s1, s2, t, jitter2);
      for (int k = 0; k < tn.length; k++) {
        tierCeiling[k][j] = tn[k] < 2 ? Float.NaN : ceiling(ts1[k], ts2[k], tn[k], jitter2);
      }
    });
    Map<String, float[]> ceilingByTier = new LinkedHashMap<>();
    for (int k = 0; k < tierNames.size(); k++) {
      int count = 0;
      for (int x : tierOf) {
        count += x == k ? 1 : 0;
      }
      if (count >= 2) ceilingByTier.put(tierNames.get(k), tierCeiling[k]);
    }

    String[] names = CellType.labels().toArray(String[]::new);
    PreparedMouse.GroundTruth gt = new PreparedMouse.GroundTruth(type, names, ori, rfX, rfY);
    return new RawMouse(key(o, m), h, w, images, n, responses, behavior, pupilCenter, tiers, frameImageId, trialIdx, unitIds, coords, gt,
        ceiling, ceilingByTier);
  }

  /** One simulated cell: its kernels at the simulated resolution. */
  static final class Neuron {
    final CellType type;
    final double cx;
    final double cy;
    final double amplitude;
    final double betaRun;
    final double betaPupil;
    final double suppression;
    final Kernel k0;
    final Kernel k1;
    final Kernel s0;
    final Kernel s1;

    Neuron(CellType type, double theta, double phase, double cx, double cy, double amplitude, double betaRun, double betaPupil,
        double suppression, int height) {
      this.type = type;
      this.cx = cx;
      this.cy = cy;
      this.amplitude = amplitude;
      this.betaRun = betaRun;
      this.betaPupil = betaPupil;
      this.suppression = suppression;
      double lambda = type.periodOverHeight * height;
      if (type == CellType.CENTER_SURROUND) {
        double sc = lambda / 5;
        k0 = Kernel.differenceOfGaussians(sc, 2.5 * sc);
        k1 = null;
      } else {
        double sigma = 0.45 * lambda;
        k0 = Kernel.gabor(sigma, lambda, theta, phase);
        k1 = type.phaseInvariant ? Kernel.gabor(sigma, lambda, theta, phase + Math.PI / 2) : null;
      }
      if (type == CellType.SURROUND_SUPPRESSED) {
        double sigma = 0.45 * lambda * 2.2;
        s0 = Kernel.gabor(sigma, lambda, theta, phase);
        s1 = Kernel.gabor(sigma, lambda, theta, phase + Math.PI / 2);
      } else {
        s0 = null;
        s1 = null;
      }
    }
  }

  /** A square, zero-mean, unit-norm filter of odd size centred on a (sub-pixel) RF position. */
  static final class Kernel {
    final int radius;
    final float[] w;

    private Kernel(int radius, float[] w) {
      this.radius = radius;
      this.w = w;
    }

    /** Gabor: Gaussian envelope σ, carrier cos(2π u/λ + φ) along direction θ, DC removed under the envelope. */
    static Kernel gabor(double sigma, double lambda, double theta, double phase) {
      int r = (int) Math.ceil(2.5 * sigma);
      int size = 2 * r + 1;
      double[] env = new double[size * size];
      double[] car = new double[size * size];
      double ct = Math.cos(theta);
      double st = Math.sin(theta);
      double se = 0;
      double sc = 0;
      for (int dy = -r; dy <= r; dy++) {
        for (int dx = -r; dx <= r; dx++) {
          int q = (dy + r) * size + dx + r;
          env[q] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
          car[q] = Math.cos(2 * Math.PI * (dx * ct + dy * st) / lambda + phase);
          se += env[q];
          sc += env[q] * car[q];
        }
      }
      double dc = sc / se;
      double[] k = new double[size * size];
      for (int q = 0; q < k.length; q++) {
        k[q] = env[q] * (car[q] - dc);
      }
      return normalised(r, k);
    }

    /** Balanced difference of Gaussians (ON centre): zero mean, unit norm. */
    static Kernel differenceOfGaussians(double sc, double ss) {
      int r = (int) Math.ceil(2.5 * ss);
      int size = 2 * r + 1;
      double[] c = new double[size * size];
      double[] s = new double[size * size];
      double sumC = 0;
      double sumS = 0;
      for (int dy = -r; dy <= r; dy++) {
        for (int dx = -r; dx <= r; dx++) {
          int q = (dy + r) * size + dx + r;
          c[q] = Math.exp(-(dx * dx + dy * dy) / (2 * sc * sc));
          s[q] = Math.exp(-(dx * dx + dy * dy) / (2 * ss * ss));
          sumC += c[q];
          sumS += s[q];
        }
      }
      double[] k = new double[size * size];
      for (int q = 0; q < k.length; q++) {
        k[q] = c[q] / sumC - s[q] / sumS;
      }
      return normalised(r, k);
    }

    private static Kernel normalised(int r, double[] k) {
      double ss = 0;
      for (double v : k) {
        ss += v * v;
      }
      double norm = Math.sqrt(ss);
      float[] w = new float[k.length];
      for (int q = 0; q < k.length; q++) {
        w[q] = (float) (k[q] / norm);
      }
      return new Kernel(r, w);
    }

    /** Filter response at centre (cx, cy) (rounded to the nearest pixel), zero padding outside the image. */
    double dot(float[] x, int h, int wd, double cx, double cy) {
      int x0 = (int) Math.round(cx);
      int y0 = (int) Math.round(cy);
      int size = 2 * radius + 1;
      double s = 0;
      for (int dy = -radius; dy <= radius; dy++) {
        int y = y0 + dy;
        if (y < 0 || y >= h) {
          continue;
        }
        int row = y * wd;
        int krow = (dy + radius) * size + radius;
        int lo = Math.max(-radius, -x0);
        int hi = Math.min(radius, wd - 1 - x0);
        for (int dx = lo; dx <= hi; dx++) {
          s += w[krow + dx] * x[row + x0 + dx];
        }
      }
      return s;
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** SplitMix64-style mixing of a seed with a stream id. */
  static long mix(long seed, long stream) {
    long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int k = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[k];
      p[k] = tmp;
    }
    return p;
  }

  static double[] ar1(int n, double rho, SplittableRandom rng) {
    double[] x = new double[n];
    double s = Math.sqrt(1 - rho * rho);
    x[0] = rng.nextGaussian();
    for (int i = 1; i < n; i++) {
      x[i] = rho * x[i - 1] + s * rng.nextGaussian();
    }
    return x;
  }

  private static double[] column(float[] v, int cols, int c) {
    double[] out = new double[v.length / cols];
    for (int i = 0; i < out.length; i++) {
      out[i] = v[i * cols + c];
    }
    return out;
  }

  static double[] zscore(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double sd = Math.sqrt(ss / v.length);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = sd > 0 ? (v[i] - m) / sd : 0;
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static int pick(double[] weights, double u) {
    double total = 0;
    for (double x : weights) {
      total += x;
    }
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i] / total;
      if (u < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Poisson sample: Knuth's product method for small rates, a rounded normal approximation above 30. */
  static int poisson(double lambda, SplittableRandom rng) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 30) {
      return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
    }
    double l = Math.exp(-lambda);
    int k = 0;
    double prod = rng.nextDouble();
    while (prod > l) {
      k++;
      prod *= rng.nextDouble();
    }
    return k;
  }
}
