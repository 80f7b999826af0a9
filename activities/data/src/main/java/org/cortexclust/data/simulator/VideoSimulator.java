package org.cortexclust.data.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.SensoriumWriter;

/**
 * A simulated mouse V1 population watching videos, written in the Sensorium 2023 (dynamic) layout that
 * {@link org.cortexclust.data.sensorium.VideoMouse} reads, with ground truth.
 *
 * <p>Neurons: the {@link CellType}s of {@link V1Simulator} (same spatial kernels, orientations, RF centres), each with
 * a {@link TemporalKind} (sustained or transient, half each). Per frame t the linear spatial filter outputs
 * {@code l_q(t)} (q = the type's kernels) are filtered in time, {@code f_q(t) = Σ_τ h(τ) l_q(t−τ)} (grey before the
 * trial starts), then go through the type's nonlinearity (rectification, energy, divisive surround); the drive is
 * divided by its mean over all frames of the mouse and the rate is {@code r = A·g_t·(b + d̃)/(1 + b)} with the per-frame
 * behavioural gain {@code g_t = exp(β_run·run_z + β_pupil·pupil_z)}, as in the static simulator. The recorded response
 * per frame is {@code Poisson(r)·exp(σε − σ²/2)}. Eye position (an AR(1) process per trial, unit variance, recorded as
 * the pupil centre) moves every receptive field by {@code eyeShift} pixels per unit on each frame (0: fixed gaze), as
 * gaze moves receptive fields over the screen: what a readout shifter learns to undo.
 *
 * <p>Stimuli: each trial is a drifting-grating clip or a natural-like moving clip, made of segments of 15–40 frames
 * with new parameters each: gratings with random orientation, spatial period (h/9..h/3), drift speed (0.03–0.12
 * cycles per frame) and contrast; natural-like segments pan a window over a larger {@link NaturalImages} canvas with a
 * random velocity (0.2–1.2 px per frame, reflected at the canvas border, bilinear sampling). Grey levels 0..255.
 *
 * <p>Layout per mouse ({@code dynamic<key>-Video-<hash>/}): {@code data/videos/i.npy} H×W×T,
 * {@code data/responses/i.npy} N×T, {@code data/behavior/i.npy} 2×T (pupil dilation, running speed),
 * {@code data/pupil_center/i.npy} 2×T, NaN-padded to {@code maxFrames}; {@code meta/trials/tiers.npy} (train /
 * oracle), {@code meta/trials/gt_stimulus_kind.npy}; {@code meta/neurons/{unit_ids, cell_motor_coordinates}} and the
 * ground truth {@code gt_cell_type(_names)}, {@code gt_preferred_orientation}, {@code gt_rf_center},
 * {@code gt_temporal_kind(_names)}; {@code meta/statistics/<kind>/all/{mean,std,...}.npy} over the real frames
 * (videos: scalars).
 */
public final class VideoSimulator {
  public static final String GT_TEMPORAL = "gt_temporal_kind.npy";
  public static final String GT_TEMPORAL_NAMES = "gt_temporal_kind_names.npy";
  public static final String GT_STIMULUS = "gt_stimulus_kind.npy";
  /** Per-trial stimulus labels. */
  public static final List<String> STIMULI = List.of("drifting_grating", "natural_moving");
  private static final int CANVAS_MARGIN = 8;

  private VideoSimulator() {}

  /**
   * One simulated mouse in memory.
   *
   * @param videos    per trial, frames-first T·H·W grey levels 0..255 (real length only)
   * @param responses per trial, T·N
   * @param behavior  per trial, T·2 (pupil dilation, running speed)
   * @param pupil     per trial, T·2 (horizontal, vertical)
   * @param stimulus  per trial, index into {@link #STIMULI}
   * @param cellType  per neuron, {@link CellType} ordinal
   * @param temporal  per neuron, {@link TemporalKind} ordinal
   */
  public record Mouse(String key, int height, int width, int maxFrames, String[] tiers, int[] stimulus, float[][] videos,
      float[][] responses, float[][] behavior, float[][] pupil, int[] unitIds, float[] coords, int[] cellType, int[] temporal,
      float[] orientation, float[] rfX, float[] rfY) {
    public int trials() {
      return tiers.length;
    }

    public int neurons() {
      return unitIds.length;
    }

    public int frames(int trial) {
      return videos[trial].length / (height * width);
    }
  }

  /** The data key of mouse {@code m} (0-based): {@code vsim<m+1>-<seed>-1}. */
  public static String key(VideoSimulatorOptions o, int m) {
    return "vsim" + (m + 1) + "-" + Long.toUnsignedString(o.seed()) + "-1";
  }

  /** The Sensorium 2023 folder name of a data key: {@code dynamic<key>-Video-<hash>}. */
  public static String folderName(String key, String hash) {
    return "dynamic" + key + "-Video-" + hash;
  }

  /** Simulate every mouse and write each to {@code root/dynamic<key>-Video-<hash>/}; returns the folders. */
  public static List<Path> write(VideoSimulatorOptions o, Path root, Progress progress) throws IOException {
    List<Path> out = new ArrayList<>();
    String hash = hash(o);
    for (int m = 0; m < o.mice(); m++) {
      Mouse mouse = simulate(o, m);
      Path folder = root.resolve(folderName(mouse.key(), hash));
      SensoriumWriter.writeAtomically(folder, tmp -> writeContents(mouse, tmp));
      out.add(folder);
      progress.report("simulate", m + 1, o.mice(), Map.of());
    }
    return out;
  }

  static String hash(VideoSimulatorOptions o) {
    // fixed gaze hashes as before eye_shift existed, so earlier datasets keep their keys
    String s = o.toString();
    return V1Simulator.hash(o.eyeShift() == 0 ? s.replace(", eyeShift=0.0]", "]") : s);
  }

  /** Simulate mouse {@code m} (0-based) in memory; deterministic in the options. */
  public static Mouse simulate(VideoSimulatorOptions o, int m) {
    final int h = o.height();
    final int w = o.width();
    final int hw = h * w;
    final int n = o.neurons();
    final int t = o.trials();
    long mouseSeed = V1Simulator.mix(o.seed(), 0x71DE_0000L + m);

    // ---- trials: lengths, tiers, stimulus kind
    SplittableRandom tr = new SplittableRandom(V1Simulator.mix(mouseSeed, 1));
    int[] len = new int[t];
    int[] kind = new int[t];
    for (int i = 0; i < t; i++) {
      len[i] = o.minFrames() + tr.nextInt(o.maxFrames() - o.minFrames() + 1);
      kind[i] = tr.nextDouble() < 0.4 ? 0 : 1;
    }
    String[] tiers = new String[t];
    Arrays.fill(tiers, "train");
    int[] perm = V1Simulator.permutation(t, tr);
    for (int k = 0; k < o.oracleTrials(); k++) {
      tiers[perm[k]] = "oracle";
    }

    // ---- videos (grey levels) and their unit-scale copies for the neurons
    float[][] videos = new float[t][];
    float[][] unit = new float[t][];
    IntStream.range(0, t).parallel().forEach(i -> {
      SplittableRandom r = new SplittableRandom(V1Simulator.mix(mouseSeed, 1_000_000L + i));
      videos[i] = kind[i] == 0 ? gratings(h, w, len[i], r) : naturalMoving(h, w, len[i], r);
      float[] u = new float[videos[i].length];
      for (int q = 0; q < u.length; q++) {
        u[q] = (videos[i][q] - 128f) / 64f;
      }
      unit[i] = u;
    });

    // ---- behaviour per frame (AR(1) processes per trial)
    float[][] behavior = new float[t][];
    float[][] pupil = new float[t][];
    double[][] eyeX = new double[t][];
    double[][] eyeY = new double[t][];
    for (int i = 0; i < t; i++) {
      SplittableRandom br = new SplittableRandom(V1Simulator.mix(mouseSeed, 3_000_000L + i));
      double[] run = V1Simulator.ar1(len[i], 0.98, br);
      double[] pup = V1Simulator.ar1(len[i], 0.995, br);
      double[] ex = V1Simulator.ar1(len[i], 0.95, br);
      double[] ey = V1Simulator.ar1(len[i], 0.95, br);
      float[] b = new float[len[i] * 2];
      float[] p = new float[len[i] * 2];
      for (int k = 0; k < len[i]; k++) {
        double speed = Math.max(0, 12 * (run[k] + 0.2));
        b[2 * k] = (float) (30 + 6 * pup[k] + 0.15 * speed);
        b[2 * k + 1] = (float) speed;
        p[2 * k] = (float) (100 + 4 * ex[k]);
        p[2 * k + 1] = (float) (60 + 3 * ey[k]);
      }
      behavior[i] = b;
      pupil[i] = p;
      eyeX[i] = ex;
      eyeY[i] = ey;
    }
    int total = Arrays.stream(len).sum();
    double[] runAll = new double[total];
    double[] pupAll = new double[total];
    for (int i = 0, q = 0; i < t; i++) {
      for (int k = 0; k < len[i]; k++, q++) {
        pupAll[q] = behavior[i][2 * k];
        runAll[q] = behavior[i][2 * k + 1];
      }
    }
    double[] runZ = V1Simulator.zscore(runAll);
    double[] pupZ = V1Simulator.zscore(pupAll);

    // ---- neurons (as the static simulator) plus a temporal filter kind
    SplittableRandom nr = new SplittableRandom(V1Simulator.mix(mouseSeed, 4));
    V1Simulator.Neuron[] cells = new V1Simulator.Neuron[n];
    int[] type = new int[n];
    int[] temporal = new int[n];
    float[] ori = new float[n];
    float[] rfX = new float[n];
    float[] rfY = new float[n];
    float[] coords = new float[n * 3];
    for (int j = 0; j < n; j++) {
      CellType ct = CellType.values()[V1Simulator.pick(V1Simulator.TYPE_WEIGHTS, nr.nextDouble())];
      double theta = nr.nextDouble() * Math.PI;
      double phase = nr.nextDouble() * 2 * Math.PI;
      double gx = -0.6 + 1.2 * nr.nextDouble();
      double gy = -0.6 + 1.2 * nr.nextDouble();
      double amp = Math.exp(Math.log(1.2) + 0.4 * nr.nextGaussian());
      double betaRun = 0.25 + 0.1 * nr.nextGaussian();
      double betaPupil = 0.1 + 0.05 * nr.nextGaussian();
      double suppression = 1 + nr.nextDouble();
      cells[j] = new V1Simulator.Neuron(ct, theta, phase, (gx + 1) / 2 * (w - 1), (gy + 1) / 2 * (h - 1), amp, betaRun, betaPupil,
          suppression, h);
      type[j] = ct.ordinal();
      temporal[j] = nr.nextDouble() < 0.5 ? TemporalKind.SUSTAINED.ordinal() : TemporalKind.TRANSIENT.ordinal();
      ori[j] = ct.oriented ? (float) theta : Float.NaN;
      rfX[j] = (float) gx;
      rfY[j] = (float) gy;
      coords[3 * j] = (float) (500 * gx + 25 * nr.nextGaussian());
      coords[3 * j + 1] = (float) (-350 * gy + 25 * nr.nextGaussian());
      coords[3 * j + 2] = (float) (180 + 200 * nr.nextDouble());
    }
    int[] unitIds = IntStream.rangeClosed(1, n).toArray();

    // ---- responses (neurons in parallel, each with its own noise stream)
    float[][] responses = new float[t][];
    for (int i = 0; i < t; i++) {
      responses[i] = new float[len[i] * n];
    }
    IntStream.range(0, n).parallel().forEach(j -> {
      V1Simulator.Neuron c = cells[j];
      double[] hf = TemporalKind.values()[temporal[j]].filter();
      double[] drive = new double[total];
      double[] surround = c.type == CellType.SURROUND_SUPPRESSED ? new double[total] : null;
      boolean energy = c.k1 != null;
      for (int i = 0, q0 = 0; i < t; q0 += len[i], i++) {
        int tl = len[i];
        double[] l0 = new double[tl];
        double[] l1 = energy ? new double[tl] : null;
        double[] s0 = surround != null ? new double[tl] : null;
        double[] s1 = surround != null ? new double[tl] : null;
        float[] v = unit[i];
        for (int k = 0; k < tl; k++) {
          float[] frame = Arrays.copyOfRange(v, k * hw, (k + 1) * hw);
          // gaze moves every receptive field over the screen with the eye position (the same shift for all neurons)
          double cx = c.cx + o.eyeShift() * eyeX[i][k];
          double cy = c.cy + o.eyeShift() * eyeY[i][k];
          l0[k] = c.k0.dot(frame, h, w, cx, cy);
          if (energy) {
            l1[k] = c.k1.dot(frame, h, w, cx, cy);
          }
          if (surround != null) {
            s0[k] = c.s0.dot(frame, h, w, cx, cy);
            s1[k] = c.s1.dot(frame, h, w, cx, cy);
          }
        }
        double[] f0 = causal(l0, hf);
        double[] f1 = energy ? causal(l1, hf) : null;
        double[] g0 = surround != null ? causal(s0, hf) : null;
        double[] g1 = surround != null ? causal(s1, hf) : null;
        for (int k = 0; k < tl; k++) {
          drive[q0 + k] = energy ? Math.sqrt(f0[k] * f0[k] + f1[k] * f1[k]) : Math.max(0, f0[k]);
          if (surround != null) {
            surround[q0 + k] = Math.sqrt(g0[k] * g0[k] + g1[k] * g1[k]);
          }
        }
      }
      if (surround != null) {
        double ms = V1Simulator.mean(surround) + 1e-12;
        for (int q = 0; q < total; q++) {
          drive[q] = drive[q] / (1 + c.suppression * surround[q] / ms);
        }
      }
      double md = V1Simulator.mean(drive);
      SplittableRandom noise = new SplittableRandom(V1Simulator.mix(mouseSeed, 2_000_000L + j));
      double sig = V1Simulator.JITTER_SIGMA;
      for (int i = 0, q = 0; i < t; i++) {
        for (int k = 0; k < len[i]; k++, q++) {
          double dn = md > 0 ? drive[q] / md : 0;
          double gain = Math.exp(c.betaRun * runZ[q] + c.betaPupil * pupZ[q]);
          double rate = c.amplitude * gain * (V1Simulator.BASELINE + dn) / (1 + V1Simulator.BASELINE);
          int count = V1Simulator.poisson(rate, noise);
          responses[i][k * n + j] = (float) (count * Math.exp(sig * noise.nextGaussian() - sig * sig / 2));
        }
      }
    });
    return new Mouse(key(o, m), h, w, o.maxFrames(), tiers, kind, videos, responses, behavior, pupil, unitIds, coords, type, temporal, ori,
        rfX, rfY);
  }

  /** Causal filter with zeros (grey) before the first frame: y(t) = Σ_τ h(τ) x(t−τ). */
  static double[] causal(double[] x, double[] h) {
    double[] y = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      double s = 0;
      for (int tau = 0; tau < h.length && tau <= k; tau++) {
        s += h[tau] * x[k - tau];
      }
      y[k] = s;
    }
    return y;
  }

  /** Drifting-grating clip: segments of 15–40 frames, each a new grating. Frames-first T·H·W, grey levels. */
  static float[] gratings(int h, int w, int frames, SplittableRandom r) {
    float[] v = new float[frames * h * w];
    int k = 0;
    while (k < frames) {
      int seg = Math.min(frames - k, 15 + r.nextInt(26));
      double theta = r.nextDouble() * 2 * Math.PI; // direction of drift (orientation + sign)
      double period = h / (3 + 6 * r.nextDouble());
      double speed = 0.03 + 0.09 * r.nextDouble(); // cycles per frame
      double contrast = 40 + 60 * r.nextDouble();
      double phase0 = r.nextDouble() * 2 * Math.PI;
      double ct = Math.cos(theta);
      double st = Math.sin(theta);
      for (int s = 0; s < seg; s++, k++) {
        double ph = phase0 - 2 * Math.PI * speed * s;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            double g = 128 + contrast * Math.cos(2 * Math.PI * (x * ct + y * st) / period + ph);
            v[(k * h + y) * w + x] = (float) Math.max(0, Math.min(255, Math.rint(g)));
          }
        }
      }
    }
    return v;
  }

  /** Natural-like moving clip: segments of 15–40 frames, each a window panning over a new 1/f canvas. */
  static float[] naturalMoving(int h, int w, int frames, SplittableRandom r) {
    float[] v = new float[frames * h * w];
    int mg = CANVAS_MARGIN;
    int ch = h + 2 * mg;
    int cw = w + 2 * mg;
    int k = 0;
    while (k < frames) {
      int seg = Math.min(frames - k, 15 + r.nextInt(26));
      float[] canvas = NaturalImages.generate(ch, cw, r);
      double px = r.nextDouble() * 2 * mg;
      double py = r.nextDouble() * 2 * mg;
      double dir = r.nextDouble() * 2 * Math.PI;
      double speed = 0.2 + r.nextDouble();
      double vx = speed * Math.cos(dir);
      double vy = speed * Math.sin(dir);
      for (int s = 0; s < seg; s++, k++) {
        for (int y = 0; y < h; y++) {
          double sy = y + py;
          int y0 = Math.min(ch - 2, (int) sy);
          double fy = sy - y0;
          for (int x = 0; x < w; x++) {
            double sx = x + px;
            int x0 = Math.min(cw - 2, (int) sx);
            double fx = sx - x0;
            double g = (canvas[y0 * cw + x0] * (1 - fx) + canvas[y0 * cw + x0 + 1] * fx) * (1 - fy)
                + (canvas[(y0 + 1) * cw + x0] * (1 - fx) + canvas[(y0 + 1) * cw + x0 + 1] * fx) * fy;
            v[(k * h + y) * w + x] = (float) Math.rint(g);
          }
        }
        px += vx;
        py += vy;
        if (px < 0 || px > 2 * mg) {
          vx = -vx;
          px = Math.max(0, Math.min(2 * mg, px));
        }
        if (py < 0 || py > 2 * mg) {
          vy = -vy;
          py = Math.max(0, Math.min(2 * mg, py));
        }
      }
    }
    return v;
  }

  static void writeContents(Mouse m, Path root) throws IOException {
    int t = m.trials();
    int n = m.neurons();
    int h = m.height();
    int w = m.width();
    int pad = m.maxFrames();
    Path data = root.resolve("data");
    for (String kind : new String[] {"videos", "responses", "behavior", "pupil_center"}) {
      Files.createDirectories(data.resolve(kind));
    }
    try {
      IntStream.range(0, t).parallel().forEach(i -> {
        int len = m.frames(i);
        float[] v = new float[h * w * pad];
        float[] r = new float[n * pad];
        float[] b = new float[2 * pad];
        float[] p = new float[2 * pad];
        Arrays.fill(v, Float.NaN);
        Arrays.fill(r, Float.NaN);
        Arrays.fill(b, Float.NaN);
        Arrays.fill(p, Float.NaN);
        for (int k = 0; k < len; k++) {
          for (int q = 0; q < h * w; q++) {
            v[q * pad + k] = m.videos()[i][k * h * w + q];
          }
          for (int j = 0; j < n; j++) {
            r[j * pad + k] = m.responses()[i][k * n + j];
          }
          for (int c = 0; c < 2; c++) {
            b[c * pad + k] = m.behavior()[i][2 * k + c];
            p[c * pad + k] = m.pupil()[i][2 * k + c];
          }
        }
        String f = i + ".npy";
        try {
          SensoriumWriter.put(data.resolve("videos").resolve(f), NpyArray.ofFloats(v, h, w, pad));
          SensoriumWriter.put(data.resolve("responses").resolve(f), NpyArray.ofFloats(r, n, pad));
          SensoriumWriter.put(data.resolve("behavior").resolve(f), NpyArray.ofFloats(b, 2, pad));
          SensoriumWriter.put(data.resolve("pupil_center").resolve(f), NpyArray.ofFloats(p, 2, pad));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    Path neurons = Files.createDirectories(root.resolve("meta/neurons"));
    SensoriumWriter.put(neurons.resolve("unit_ids.npy"), NpyArray.ofInts(m.unitIds()));
    SensoriumWriter.put(neurons.resolve("cell_motor_coordinates.npy"), NpyArray.ofFloats(m.coords(), n, 3));
    SensoriumWriter.put(neurons.resolve(SensoriumWriter.GT_TYPE), NpyArray.ofInts(m.cellType()));
    SensoriumWriter.put(neurons.resolve(SensoriumWriter.GT_TYPE_NAMES), NpyArray.ofStrings(CellType.labels().toArray(String[]::new)));
    SensoriumWriter.put(neurons.resolve(SensoriumWriter.GT_ORIENTATION), NpyArray.ofFloats(m.orientation()));
    float[] rf = new float[n * 2];
    for (int j = 0; j < n; j++) {
      rf[2 * j] = m.rfX()[j];
      rf[2 * j + 1] = m.rfY()[j];
    }
    SensoriumWriter.put(neurons.resolve(SensoriumWriter.GT_RF_CENTER), NpyArray.ofFloats(rf, n, 2));
    SensoriumWriter.put(neurons.resolve(GT_TEMPORAL), NpyArray.ofInts(m.temporal()));
    SensoriumWriter.put(neurons.resolve(GT_TEMPORAL_NAMES), NpyArray.ofStrings(TemporalKind.labels().toArray(String[]::new)));
    Path trials = Files.createDirectories(root.resolve("meta/trials"));
    SensoriumWriter.put(trials.resolve("tiers.npy"), NpyArray.ofStrings(m.tiers()));
    String[] stim = new String[t];
    for (int i = 0; i < t; i++) {
      stim[i] = STIMULI.get(m.stimulus()[i]);
    }
    SensoriumWriter.put(trials.resolve(GT_STIMULUS), NpyArray.ofStrings(stim));

    // statistics over the real (unpadded) frames
    SensoriumWriter.writeStats(root, "videos", new float[][] {concat(m.videos())}, true);
    SensoriumWriter.writeStats(root, "responses", columns(m.responses(), n), false);
    SensoriumWriter.writeStats(root, "behavior", columns(m.behavior(), 2), false);
    SensoriumWriter.writeStats(root, "pupil_center", columns(m.pupil(), 2), false);
  }

  private static float[] concat(float[][] a) {
    float[] out = new float[Arrays.stream(a).mapToInt(x -> x.length).sum()];
    int p = 0;
    for (float[] x : a) {
      System.arraycopy(x, 0, out, p, x.length);
      p += x.length;
    }
    return out;
  }

  /** Columns of per-trial frames-major arrays (T_i × cols each), concatenated over trials. */
  private static float[][] columns(float[][] perTrial, int cols) {
    int rows = Arrays.stream(perTrial).mapToInt(x -> x.length / cols).sum();
    float[][] c = new float[cols][rows];
    int q = 0;
    for (float[] x : perTrial) {
      for (int k = 0; k < x.length / cols; k++, q++) {
        for (int j = 0; j < cols; j++) {
          c[j][q] = x[k * cols + j];
        }
      }
    }
    return c;
  }
}
