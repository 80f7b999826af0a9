package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.io.NpyDType;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;

/**
 * Reads one Sensorium 2022 static mouse (folder or zip) and prepares it as the baseline loader does (docs/science.md §1.4):
 * image {@code (x − mean)/std} with the scalar {@code statistics/images/all}, responses {@code x·precision_j}
 * ({@code precision_j = 1/s_j} if {@code s_j > 0.01·nanmean(s)} else {@code 1/(0.01·nanmean(s))}), negative responses
 * clipped to 0, behaviour divided by its std, pupil centre z-scored; images resampled to the configured size and,
 * when asked, the three normalised behaviour values appended as constant planes (channels 1..3).
 *
 * <p>Every check of docs/science.md §1.8 is applied; all problems are collected and thrown together as one
 * {@link SensoriumFormatException} whose lines name the mouse, the file, and what was expected and found.
 * (Resampling before the affine normalisation gives the same result as the baseline's normalise-then-rescale,
 * since interpolation weights sum to one.)
 */
public final class SensoriumReader {
  public static final List<String> KINDS = List.of("images", "responses", "behavior", "pupil_center");
  private static final int MAX_PROBLEMS_PER_KIND = 10;

  /**
   * @param height          prepared image height (baseline: 36)
   * @param width           prepared image width (baseline: 64)
   * @param includeBehavior append behaviour as 3 constant input channels
   * @param resize          resampling method
   */
  public record Options(int height, int width, boolean includeBehavior, ImageResize.Method resize) {
    public static Options baseline() {
      return new Options(36, 64, true, ImageResize.Method.BILINEAR);
    }
  }

  /** What a check found: sizes and tier counts (and, when prepared, the mouse). */
  public record Summary(String key, String source, int trials, int neurons, int imageHeight, int imageWidth,
      Map<String, Integer> tiers, boolean groundTruth) {}

  private SensoriumReader() {}

  /** Read and prepare; throws {@link SensoriumFormatException} listing every problem. */
  public static PreparedMouse read(MouseSource src, Options o, Progress progress) throws IOException {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Result r = scan(src, o, problems, true, progress);
    if (!problems.isEmpty()) {
      throw new SensoriumFormatException(problems);
    }
    return r.mouse;
  }

  /** Check every file without preparing; problems are added to {@code problems}; summary is null if unreadable. */
  public static Summary check(MouseSource src, List<String> problems) {
    List<String> sync = Collections.synchronizedList(new ArrayList<>());
    Result r;
    try {
      r = scan(src, Options.baseline(), sync, false, Progress.NONE);
    } catch (IOException | RuntimeException e) {
      sync.add("mouse " + src.key() + ": " + e.getMessage());
      r = null;
    }
    problems.addAll(sync);
    return r == null ? null : r.summary;
  }

  private record Result(Summary summary, PreparedMouse mouse) {}

  private static Result scan(MouseSource src, Options o, List<String> problems, boolean prepare, Progress progress) throws IOException {
    String m = "mouse " + src.key() + ": ";
    Meta meta = new Meta(src, m, problems);

    String[] tiers = meta.strings("meta/trials/tiers.npy", -1, "the tier label of every trial");
    int t = tiers == null ? -1 : tiers.length;
    if (tiers != null) {
      Map<String, Integer> unknown = new LinkedHashMap<>();
      Map<String, Integer> first = new HashMap<>();
      for (int i = 0; i < t; i++) {
        if (!PreparedMouse.TIERS.contains(tiers[i])) {
          unknown.merge(tiers[i], 1, Integer::sum);
          first.putIfAbsent(tiers[i], i);
        }
      }
      unknown.forEach((label, count) -> problems.add(m + src.describe("meta/trials/tiers.npy") + ": unknown tier '" + label + "' ("
          + count + " trials, first at trial " + first.get(label) + "); expected one of " + PreparedMouse.TIERS));
    }
    int[] imageIds = meta.ints("meta/trials/frame_image_id.npy", t, "one image id per trial");
    int[] unitIds = meta.ints("meta/neurons/unit_ids.npy", -1, "one id per neuron");
    int n = unitIds == null ? -1 : unitIds.length;
    if (unitIds != null && new HashSet<>(IntStream.of(unitIds).boxed().toList()).size() != n) {
      problems.add(m + src.describe("meta/neurons/unit_ids.npy") + ": unit ids must be unique");
    }
    float[] coords = meta.floats("meta/neurons/cell_motor_coordinates.npy", n < 0 ? -1 : n * 3, n < 0 ? null : new long[] {n, 3},
        "x, y, z per neuron in µm");
    float[] imgMean = meta.floats("meta/statistics/images/all/mean.npy", 1, null, "the scalar image mean");
    float[] imgStd = meta.floats("meta/statistics/images/all/std.npy", 1, null, "the scalar image std");
    float[] respStd = meta.floats("meta/statistics/responses/all/std.npy", n, null, "one std per neuron");
    float[] behStd = meta.floats("meta/statistics/behavior/all/std.npy", 3, null, "3 stds (pupil, dpupil, speed)");
    float[] pupMean = meta.floats("meta/statistics/pupil_center/all/mean.npy", 2, null, "2 means (x, y)");
    float[] pupStd = meta.floats("meta/statistics/pupil_center/all/std.npy", 2, null, "2 stds (x, y)");
    if (imgStd != null && !(imgStd[0] > 0 && Float.isFinite(imgStd[0]))) {
      problems.add(m + src.describe("meta/statistics/images/all/std.npy") + ": expected a finite std > 0, found " + imgStd[0]);
    }
    if (imgMean != null && !Float.isFinite(imgMean[0])) {
      problems.add(m + src.describe("meta/statistics/images/all/mean.npy") + ": expected a finite mean, found " + imgMean[0]);
    }
    checkFinite(src, m, "meta/statistics/responses/all/std.npy", respStd, problems);
    checkFinite(src, m, "meta/statistics/behavior/all/std.npy", behStd, problems);
    checkFinite(src, m, "meta/statistics/pupil_center/all/mean.npy", pupMean, problems);
    checkFinite(src, m, "meta/statistics/pupil_center/all/std.npy", pupStd, problems);

    // Every data/<kind> folder holds exactly 0.npy .. (T-1).npy (docs/science.md §1.8).
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String kind : KINDS) {
      List<String> files = src.list("data/" + kind);
      counts.put(kind, files.size());
      if (files.isEmpty()) {
        problems.add(m + src.describe("data/" + kind) + ": missing or empty (expected one .npy file per trial)");
        continue;
      }
      if (t >= 0) {
        Set<String> have = new HashSet<>(files);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < t && missing.size() < 5; i++) {
          if (!have.contains(i + ".npy")) {
            missing.add(i + ".npy");
          }
        }
        List<String> extra = new ArrayList<>();
        for (String f : files) {
          if (extra.size() < 5 && !isTrialFile(f, t)) {
            extra.add(f);
          }
        }
        if (files.size() != t || !missing.isEmpty() || !extra.isEmpty()) {
          problems.add(m + src.describe("data/" + kind) + ": expected " + t + " files 0.npy.." + (t - 1)
              + ".npy (one per entry of meta/trials/tiers.npy), found " + files.size()
              + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unexpected " + extra));
        }
      }
    }
    if (t < 0 || n < 0) {
      return new Result(null, null);
    }
    // Keep checking every trial after a metadata problem (the validator reports everything), but prepare nothing.
    prepare = prepare && problems.isEmpty();

    // Image size from trial 0.
    int[] hw = imageShape(src, m, "data/images/0.npy", problems);
    if (hw == null) {
      return new Result(null, null);
    }
    int inH = hw[0];
    int inW = hw[1];
    int outH = prepare ? o.height() : inH;
    int outW = prepare ? o.width() : inW;
    int channels = prepare && o.includeBehavior() ? 4 : 1;
    final boolean prep = prepare;
    ImageResize resize = prepare ? new ImageResize(inH, inW, outH, outW, o.resize()) : null;
    float[] images = prepare ? new float[Math.toIntExact((long) t * channels * outH * outW)] : null;
    float[] responses = prepare ? new float[Math.toIntExact((long) t * n)] : null;
    float[] behavior = new float[t * 3];
    float[] pupil = new float[t * 2];
    float[] precision = prepare ? precision(respStd) : null;
    float a = prepare ? 1f / imgStd[0] : 1f;
    float b = prepare ? -imgMean[0] / imgStd[0] : 0f;
    Map<String, AtomicInteger> perKind = new HashMap<>();
    KINDS.forEach(k -> perKind.put(k, new AtomicInteger()));
    AtomicInteger done = new AtomicInteger();
    IntStream.range(0, t).parallel().forEach(i -> {
      String f = i + ".npy";
      try {
        NpyArray img = trialArray(src, m, "data/images/" + f, problems, perKind.get("images"));
        if (img != null) {
          long[] s = img.shape();
          boolean ok = img.size() == (long) inH * inW && (s.length == 2 || s.length == 3 && s[0] == 1);
          if (!ok) {
            report(problems, perKind.get("images"), m + src.describe("data/images/" + f) + ": expected shape (1, " + inH + ", " + inW
                + ") like data/images/0.npy, found " + img.shapeString());
          } else if (prep) {
            resize.apply(img.toFloatArray(), 0, images, i * channels * outH * outW, a, b);
          }
        }
        NpyArray r = trialArray(src, m, "data/responses/" + f, problems, perKind.get("responses"));
        if (r != null) {
          if (r.size() != n || r.ndim() > 2 || (r.ndim() == 2 && r.shape()[0] != 1)) {
            report(problems, perKind.get("responses"), m + src.describe("data/responses/" + f) + ": expected shape (" + n
                + ",) (= entries of meta/neurons/unit_ids.npy), found " + r.shapeString());
          } else {
            float[] v = r.toFloatArray();
            for (int j = 0; j < n; j++) {
              if (!Float.isFinite(v[j])) {
                report(problems, perKind.get("responses"), m + src.describe("data/responses/" + f) + ": expected finite responses, found "
                    + v[j] + " for neuron index " + j + " (unit id " + unitIds[j] + ")");
                break;
              }
              if (prep) {
                responses[i * n + j] = Math.max(0f, v[j]) * precision[j];
              }
            }
          }
        }
        readSmall(src, m, "data/behavior/" + f, 3, behavior, i, problems, perKind.get("behavior"));
        readSmall(src, m, "data/pupil_center/" + f, 2, pupil, i, problems, perKind.get("pupil_center"));
      } catch (RuntimeException e) {
        report(problems, perKind.get("images"), m + "trial " + i + ": " + e);
      }
      int d = done.incrementAndGet();
      if (d % 500 == 0 || d == t) {
        progress.report("read " + src.key(), d, t, Map.of());
      }
    });
    perKind.forEach((kind, c) -> {
      if (c.get() > MAX_PROBLEMS_PER_KIND) {
        problems.add(m + "data/" + kind + ": " + (c.get() - MAX_PROBLEMS_PER_KIND) + " more problems not listed");
      }
    });

    PreparedMouse.GroundTruth gt = groundTruth(src, m, n, problems);
    float[] ceiling = null;
    if (src.exists("meta/neurons/" + SensoriumWriter.GT_NOISE_CEILING)) {
      ceiling = meta.floats("meta/neurons/" + SensoriumWriter.GT_NOISE_CEILING, n, null, "one noise ceiling per neuron");
    }
    Map<String, float[]> tierCeiling = new LinkedHashMap<>();
    for (String tier : PreparedMouse.TIERS) {
      String f = "meta/neurons/" + SensoriumWriter.tierCeilingFile(tier);
      if (src.exists(f)) {
        tierCeiling.put(tier, meta.floats(f, n, null, "one noise ceiling per neuron over the " + tier + " trials"));
      }
    }
    Map<String, Integer> tierCounts = new LinkedHashMap<>();
    PreparedMouse.TIERS.forEach(x -> tierCounts.put(x, 0));
    for (String x : tiers) {
      tierCounts.merge(x, 1, Integer::sum);
    }
    Summary summary = new Summary(src.key(), src.name(), t, n, inH, inW, tierCounts, gt != null);
    if (!problems.isEmpty() || !prepare) {
      return new Result(summary, null);
    }

    // Normalise behaviour (÷ std, no mean subtraction) and pupil centre (z-score); append behaviour planes.
    for (int i = 0; i < t; i++) {
      for (int k = 0; k < 3; k++) {
        behavior[i * 3 + k] /= behStd[k] > 0 ? behStd[k] : 1f;
      }
      for (int k = 0; k < 2; k++) {
        pupil[i * 2 + k] = (pupil[i * 2 + k] - pupMean[k]) / (pupStd[k] > 0 ? pupStd[k] : 1f);
      }
      if (channels == 4) {
        int plane = outH * outW;
        for (int k = 0; k < 3; k++) {
          java.util.Arrays.fill(images, (i * 4 + 1 + k) * plane, (i * 4 + 2 + k) * plane, behavior[i * 3 + k]);
        }
      }
    }
    Map<String, Double> attrs = new LinkedHashMap<>();
    if (ceiling != null) {
      attrs.put("noise_ceiling_rho_st", finiteMean(ceiling));
    }
    tierCeiling.forEach((tier, c) -> attrs.put("noise_ceiling_rho_st_" + tier, finiteMean(c)));
    attrs.put("source_image_height", (double) inH);
    attrs.put("source_image_width", (double) inW);
    PreparedMouse pm = PreparedMouse.of(src.key(), channels, outH, outW, images, n, responses, behavior, pupil, tiers, imageIds, unitIds,
        coords, gt, attrs);
    return new Result(summary, pm);
  }

  private static boolean isTrialFile(String f, int t) {
    if (!f.endsWith(".npy")) {
      return false;
    }
    try {
      int i = Integer.parseInt(f.substring(0, f.length() - 4));
      return i >= 0 && i < t && f.equals(i + ".npy");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** docs/science.md §1.4: precision_j = 1/s_j if s_j > 0.01·nanmean(s), else 1/(0.01·nanmean(s)). */
  static float[] precision(float[] std) {
    double sum = 0;
    int c = 0;
    for (float s : std) {
      if (!Float.isNaN(s)) {
        sum += s;
        c++;
      }
    }
    double thr = 0.01 * (c == 0 ? 1 : sum / c);
    float[] p = new float[std.length];
    for (int j = 0; j < std.length; j++) {
      p[j] = (float) (std[j] > thr ? 1.0 / std[j] : 1.0 / thr);
    }
    return p;
  }

  private static void checkFinite(MouseSource src, String m, String rel, float[] v, List<String> problems) {
    if (v == null) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        problems.add(m + src.describe(rel) + ": expected finite values, found " + v[i] + " at index " + i);
        return;
      }
    }
  }

  private static void report(List<String> problems, AtomicInteger counter, String message) {
    if (counter.incrementAndGet() <= MAX_PROBLEMS_PER_KIND) {
      problems.add(message);
    }
  }

  private static NpyArray trialArray(MouseSource src, String m, String rel, List<String> problems, AtomicInteger counter) {
    try {
      NpyArray a = Npy.read(src.describe(rel), src.read(rel));
      if (!a.dtype().isNumeric() || a.dtype() == NpyDType.BOOL) {
        report(problems, counter, m + src.describe(rel) + ": expected a float or integer array, found dtype " + a.descr());
        return null;
      }
      return a;
    } catch (NoSuchFileException e) {
      report(problems, counter, m + src.describe(rel) + ": missing");
    } catch (IOException e) {
      report(problems, counter, m + e.getMessage());
    }
    return null;
  }

  private static void readSmall(MouseSource src, String m, String rel, int len, float[] out, int i, List<String> problems,
      AtomicInteger counter) {
    NpyArray a = trialArray(src, m, rel, problems, counter);
    if (a == null) {
      return;
    }
    long[] s = a.shape();
    if (a.size() != len || a.ndim() > 2 || (a.ndim() == 2 && s[0] != 1)) {
      report(problems, counter, m + src.describe(rel) + ": expected shape (" + len + ",) or (1, " + len + "), found " + a.shapeString());
      return;
    }
    float[] v = a.toFloatArray();
    for (int k = 0; k < len; k++) {
      if (!Float.isFinite(v[k])) {
        report(problems, counter, m + src.describe(rel) + ": expected finite values, found " + v[k] + " at index " + k);
        return;
      }
    }
    System.arraycopy(v, 0, out, i * len, len);
  }

  private static int[] imageShape(MouseSource src, String m, String rel, List<String> problems) {
    NpyArray a = trialArray(src, m, rel, problems, new AtomicInteger());
    if (a == null) {
      return null;
    }
    long[] s = a.shape();
    if (s.length == 3 && s[0] == 1) {
      return new int[] {(int) s[1], (int) s[2]};
    }
    if (s.length == 2) {
      return new int[] {(int) s[0], (int) s[1]};
    }
    problems.add(m + src.describe(rel) + ": expected an image of shape (1, H, W), found " + a.shapeString());
    return null;
  }

  /**
   * The simulator's ground truth of a mouse with {@code n} neurons (types, orientations, RF centres in
   * {@code meta/neurons/gt_*.npy}), empty when the mouse has none; malformed files raise {@link SensoriumFormatException}.
   */
  public static java.util.Optional<PreparedMouse.GroundTruth> readGroundTruth(MouseSource src, int n) throws SensoriumFormatException {
    List<String> problems = new ArrayList<>();
    PreparedMouse.GroundTruth g = groundTruth(src, "mouse " + src.key() + ": ", n, problems);
    if (!problems.isEmpty()) {
      throw new SensoriumFormatException(problems);
    }
    return java.util.Optional.ofNullable(g);
  }

  private static PreparedMouse.GroundTruth groundTruth(MouseSource src, String m, int n, List<String> problems) {
    if (!src.exists("meta/neurons/" + SensoriumWriter.GT_TYPE)) {
      return null;
    }
    Meta meta = new Meta(src, m, problems);
    int[] type = meta.ints("meta/neurons/" + SensoriumWriter.GT_TYPE, n, "one ground-truth type per neuron");
    String[] names = meta.strings("meta/neurons/" + SensoriumWriter.GT_TYPE_NAMES, -1, "the ground-truth type names");
    float[] ori = meta.floats("meta/neurons/" + SensoriumWriter.GT_ORIENTATION, n, null, "one preferred orientation per neuron");
    float[] rf = meta.floats("meta/neurons/" + SensoriumWriter.GT_RF_CENTER, n * 2, new long[] {n, 2}, "RF centre (x, y) per neuron");
    if (type == null || names == null || ori == null || rf == null) {
      return null;
    }
    float[] rx = new float[n];
    float[] ry = new float[n];
    for (int j = 0; j < n; j++) {
      rx[j] = rf[2 * j];
      ry[j] = rf[2 * j + 1];
    }
    try {
      return new PreparedMouse.GroundTruth(type, names, ori, rx, ry);
    } catch (IllegalArgumentException e) {
      problems.add(m + src.describe("meta/neurons/" + SensoriumWriter.GT_TYPE) + ": " + e.getMessage());
      return null;
    }
  }

  /** Reads small metadata arrays, turning every failure into a problem line. */
  private record Meta(MouseSource src, String m, List<String> problems) {
    NpyArray array(String rel, String what) {
      if (!src.exists(rel)) {
        problems.add(m + src.describe(rel) + ": missing (expected " + what + ")");
        return null;
      }
      try {
        return Npy.read(src.describe(rel), src.read(rel));
      } catch (IOException e) {
        problems.add(m + e.getMessage());
        return null;
      }
    }

    String[] strings(String rel, int len, String what) {
      NpyArray a = array(rel, what);
      if (a == null) {
        return null;
      }
      if (a.dtype().isNumeric()) {
        problems.add(m + src.describe(rel) + ": expected a string array (<U or |S) of " + what + ", found dtype " + a.descr());
        return null;
      }
      if (a.ndim() != 1 || (len >= 0 && a.size() != len)) {
        problems.add(m + src.describe(rel) + ": expected shape (" + (len >= 0 ? len : "T") + ",), found " + a.shapeString());
        return null;
      }
      return a.toStringArray();
    }

    int[] ints(String rel, int len, String what) {
      NpyArray a = numeric(rel, len, null, what);
      if (a == null) {
        return null;
      }
      try {
        return a.toIntArray();
      } catch (IllegalStateException e) {
        problems.add(m + e.getMessage());
        return null;
      }
    }

    float[] floats(String rel, int len, long[] shape, String what) {
      NpyArray a = numeric(rel, len, shape, what);
      return a == null ? null : a.toFloatArray();
    }

    private NpyArray numeric(String rel, int len, long[] shape, String what) {
      NpyArray a = array(rel, what);
      if (a == null) {
        return null;
      }
      if (!a.dtype().isNumeric()) {
        problems.add(m + src.describe(rel) + ": expected a numeric array of " + what + ", found dtype " + a.descr());
        return null;
      }
      boolean ok = shape != null ? java.util.Arrays.equals(a.shape(), shape) : (len < 0 ? a.ndim() == 1 : a.size() == len && a.ndim() <= 1);
      if (!ok) {
        String exp = shape != null ? Npy.shapeTuple(shape) : len < 0 ? "(N,)" : len == 1 ? "() or (1,)" : "(" + len + ",)";
        problems.add(m + src.describe(rel) + ": expected shape " + exp + " (" + what + "), found " + a.shapeString());
        return null;
      }
      return a;
    }
  }

  /** Mean of the finite values (NaN when there are none). */
  static double finiteMean(float[] values) {
    double s = 0;
    int c = 0;
    for (float v : values) {
      if (Float.isFinite(v)) {
        s += v;
        c++;
      }
    }
    return c == 0 ? Double.NaN : s / c;
  }
}
