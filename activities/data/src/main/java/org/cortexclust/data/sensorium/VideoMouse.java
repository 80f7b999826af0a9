package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;

/**
 * One Sensorium 2023 (dynamic, video) mouse, read lazily trial by trial (docs/dynamic.md §4): per trial
 * {@code data/videos/i.npy} H×W×T, {@code data/responses/i.npy} N×T, {@code data/behavior/i.npy} 2×T (pupil dilation,
 * running speed), {@code data/pupil_center/i.npy} 2×T. Arrays are NaN-padded to a common T; the real length of a
 * trial is the first NaN over all its fields. Normalisation as the baseline NeuroNormalizer: video {@code (x−mean)/std}
 * (scalar statistics), responses {@code x·precision_j} (docs/science.md §1.4 guard), behaviour ÷ std, pupil z-scored.
 *
 * <p>{@link #open} checks the metadata and that every data folder has one file per tier entry; {@link #trial} checks
 * shapes and NaNs of one trial. {@link #checkAll} reads every trial (the validator's path).
 */
public final class VideoMouse implements AutoCloseable {
  /** Tier labels of the Sensorium 2023 release ({@code none} = skipped trials). */
  public static final List<String> TIERS = List.of("train", "oracle", "live_test_main", "live_test_bonus", "final_test_main",
      "final_test_bonus", "none");
  public static final List<String> KINDS = List.of("videos", "responses", "behavior", "pupil_center");

  private final MouseSource src;
  private final String m;
  private final String[] tiers;
  private final int[] unitIds;
  private final float[] coords;
  private final float videoMean;
  private final float videoStd;
  private final float[] precision;
  private final float[] behStd;
  private final float[] pupMean;
  private final float[] pupStd;

  /**
   * One trial, time-major and normalised.
   *
   * @param frames    real length T (before the NaN padding)
   * @param video     T·H·W (the stored H×W×T permuted to frames first)
   * @param responses T·N
   * @param behavior  T·2 (pupil dilation, running speed)
   * @param pupil     T·2 (horizontal, vertical)
   */
  public record Trial(int index, String tier, int frames, int height, int width, float[] video, float[] responses, float[] behavior,
      float[] pupil) {}

  private VideoMouse(MouseSource src, String[] tiers, int[] unitIds, float[] coords, float videoMean, float videoStd, float[] precision,
      float[] behStd, float[] pupMean, float[] pupStd) {
    this.src = src;
    this.m = "mouse " + src.key() + ": ";
    this.tiers = tiers;
    this.unitIds = unitIds;
    this.coords = coords;
    this.videoMean = videoMean;
    this.videoStd = videoStd;
    this.precision = precision;
    this.behStd = behStd;
    this.pupMean = pupMean;
    this.pupStd = pupStd;
  }

  /** Check the metadata and file counts; throws {@link SensoriumFormatException} listing every problem. */
  public static VideoMouse open(MouseSource src) throws IOException {
    List<String> problems = new ArrayList<>();
    String m = "mouse " + src.key() + ": ";
    String[] tiers = strings(src, m, "meta/trials/tiers.npy", problems);
    if (tiers != null) {
      Map<String, Integer> unknown = new LinkedHashMap<>();
      for (String t : tiers) {
        if (!TIERS.contains(t)) {
          unknown.merge(t, 1, Integer::sum);
        }
      }
      unknown.forEach((t, c) -> problems.add(m + src.describe("meta/trials/tiers.npy") + ": unknown tier '" + t + "' (" + c
          + " trials); expected one of " + TIERS));
    }
    NpyArray ids = numeric(src, m, "meta/neurons/unit_ids.npy", problems);
    int n = ids == null ? -1 : (int) ids.size();
    NpyArray coords = numeric(src, m, "meta/neurons/cell_motor_coordinates.npy", problems);
    if (coords != null && n >= 0 && !java.util.Arrays.equals(coords.shape(), new long[] {n, 3})) {
      problems.add(m + src.describe("meta/neurons/cell_motor_coordinates.npy") + ": expected shape (" + n + ", 3), found " + coords.shapeString());
    }
    float[] vMean = stat(src, m, "videos", "mean", 1, problems);
    float[] vStd = stat(src, m, "videos", "std", 1, problems);
    float[] rStd = n < 0 ? null : stat(src, m, "responses", "std", n, problems);
    float[] bStd = stat(src, m, "behavior", "std", 2, problems);
    float[] pMean = stat(src, m, "pupil_center", "mean", 2, problems);
    float[] pStd = stat(src, m, "pupil_center", "std", 2, problems);
    if (vStd != null && !(vStd[0] > 0)) {
      problems.add(m + src.describe("meta/statistics/videos/all/std.npy") + ": expected a std > 0, found " + vStd[0]);
    }
    if (tiers != null) {
      for (String kind : KINDS) {
        List<String> files = src.list("data/" + kind);
        Set<String> have = new HashSet<>(files);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < tiers.length && missing.size() < 5; i++) {
          if (!have.contains(i + ".npy")) {
            missing.add(i + ".npy");
          }
        }
        if (files.size() != tiers.length || !missing.isEmpty()) {
          problems.add(m + src.describe("data/" + kind) + ": expected " + tiers.length + " files 0.npy.." + (tiers.length - 1)
              + ".npy (one per entry of meta/trials/tiers.npy), found " + files.size() + (missing.isEmpty() ? "" : "; missing " + missing));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SensoriumFormatException(problems);
    }
    return new VideoMouse(src, tiers, ids.toIntArray(), coords.toFloatArray(), vMean[0], vStd[0], SensoriumReader.precision(rStd), bStd,
        pMean, pStd);
  }

  public String key() {
    return src.key();
  }

  public int trials() {
    return tiers.length;
  }

  public int neurons() {
    return unitIds.length;
  }

  public String[] tiers() {
    return tiers.clone();
  }

  public int[] unitIds() {
    return unitIds.clone();
  }

  public float[] cellCoordinates() {
    return coords.clone();
  }

  /** Read, check and normalise trial {@code i}. */
  public Trial trial(int i) throws IOException {
    List<String> problems = new ArrayList<>();
    Trial t = read(i, problems);
    if (!problems.isEmpty()) {
      throw new SensoriumFormatException(problems);
    }
    return t;
  }

  /** Read every trial; returns every problem found (empty when the mouse is sound). */
  public List<String> checkAll() {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    java.util.stream.IntStream.range(0, trials()).parallel().forEach(i -> {
      // one list per trial: read() stops early when its list has problems, which must be this trial's alone
      List<String> own = new ArrayList<>();
      try {
        read(i, own);
      } catch (IOException | RuntimeException e) {
        own.add(m + "trial " + i + ": " + e.getMessage());
      }
      problems.addAll(own);
    });
    return problems;
  }

  private Trial read(int i, List<String> problems) throws IOException {
    String f = i + ".npy";
    int n = neurons();
    NpyArray v = array("data/videos/" + f, problems);
    NpyArray r = array("data/responses/" + f, problems);
    NpyArray b = array("data/behavior/" + f, problems);
    NpyArray p = array("data/pupil_center/" + f, problems);
    if (v == null || r == null || b == null || p == null) {
      return null;
    }
    if (v.ndim() != 3) {
      problems.add(m + src.describe("data/videos/" + f) + ": expected a video of shape (H, W, T), found " + v.shapeString());
      return null;
    }
    long[] vs = v.shape();
    int h = (int) vs[0];
    int w = (int) vs[1];
    int tt = (int) vs[2];
    check(r, new long[] {n, tt}, "data/responses/" + f, "(" + n + ", " + tt + ") = neurons × frames of the video", problems);
    check(b, new long[] {2, tt}, "data/behavior/" + f, "(2, " + tt + ") = pupil dilation, running speed × frames", problems);
    check(p, new long[] {2, tt}, "data/pupil_center/" + f, "(2, " + tt + ") = horizontal, vertical × frames", problems);
    if (!problems.isEmpty()) {
      return null;
    }
    float[] vv = v.toFloatArray();
    float[] rv = r.toFloatArray();
    float[] bv = b.toFloatArray();
    float[] pv = p.toFloatArray();
    // Real length: first frame where any field is NaN (the release pads trials to a common length with NaN).
    int len = tt;
    for (int k = 0; k < tt && len == tt; k++) {
      if (Float.isNaN(vv[k]) || Float.isNaN(bv[k]) || Float.isNaN(bv[tt + k]) || Float.isNaN(pv[k]) || Float.isNaN(pv[tt + k])) {
        len = k;
      }
    }
    float[] video = new float[len * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int base = (y * w + x) * tt;
        for (int k = 0; k < len; k++) {
          float val = vv[base + k];
          if (!Float.isFinite(val)) {
            problems.add(m + src.describe("data/videos/" + f) + ": expected finite pixels in the first " + len + " frames, found " + val
                + " at (" + y + ", " + x + ", " + k + ")");
            return null;
          }
          video[(k * h + y) * w + x] = (val - videoMean) / videoStd;
        }
      }
    }
    float[] resp = new float[len * n];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < len; k++) {
        float val = rv[j * tt + k];
        if (!Float.isFinite(val)) {
          problems.add(m + src.describe("data/responses/" + f) + ": expected finite responses in the first " + len + " frames, found " + val
              + " for neuron index " + j + " (unit id " + unitIds[j] + ") at frame " + k);
          return null;
        }
        resp[k * n + j] = Math.max(0f, val) * precision[j];
      }
    }
    float[] beh = new float[len * 2];
    float[] pup = new float[len * 2];
    for (int k = 0; k < len; k++) {
      for (int c = 0; c < 2; c++) {
        beh[k * 2 + c] = bv[c * tt + k] / (behStd[c] > 0 ? behStd[c] : 1f);
        pup[k * 2 + c] = (pv[c * tt + k] - pupMean[c]) / (pupStd[c] > 0 ? pupStd[c] : 1f);
      }
    }
    return new Trial(i, tiers[i], len, h, w, video, resp, beh, pup);
  }

  private void check(NpyArray a, long[] shape, String rel, String what, List<String> problems) {
    if (!java.util.Arrays.equals(a.shape(), shape)) {
      problems.add(m + src.describe(rel) + ": expected shape " + what + ", found " + a.shapeString());
    }
  }

  private NpyArray array(String rel, List<String> problems) {
    try {
      NpyArray a = Npy.read(src.describe(rel), src.read(rel));
      if (!a.dtype().isNumeric()) {
        problems.add(m + src.describe(rel) + ": expected a numeric array, found dtype " + a.descr());
        return null;
      }
      return a;
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(m + src.describe(rel) + ": missing");
    } catch (IOException e) {
      problems.add(m + e.getMessage());
    }
    return null;
  }

  private static String[] strings(MouseSource src, String m, String rel, List<String> problems) {
    NpyArray a = load(src, m, rel, problems);
    if (a == null) {
      return null;
    }
    if (a.dtype().isNumeric() || a.ndim() != 1) {
      problems.add(m + src.describe(rel) + ": expected a 1-d string array (<U or |S), found " + a.descr() + " " + a.shapeString());
      return null;
    }
    return a.toStringArray();
  }

  private static NpyArray numeric(MouseSource src, String m, String rel, List<String> problems) {
    NpyArray a = load(src, m, rel, problems);
    if (a != null && !a.dtype().isNumeric()) {
      problems.add(m + src.describe(rel) + ": expected a numeric array, found dtype " + a.descr());
      return null;
    }
    return a;
  }

  private static float[] stat(MouseSource src, String m, String kind, String name, int len, List<String> problems) {
    String rel = "meta/statistics/" + kind + "/all/" + name + ".npy";
    NpyArray a = numeric(src, m, rel, problems);
    if (a == null) {
      return null;
    }
    if (a.size() != len) {
      problems.add(m + src.describe(rel) + ": expected " + len + (len == 1 ? " value (a scalar)" : " values") + ", found shape "
          + a.shapeString());
      return null;
    }
    return a.toFloatArray();
  }

  private static NpyArray load(MouseSource src, String m, String rel, List<String> problems) {
    if (!src.exists(rel)) {
      problems.add(m + src.describe(rel) + ": missing");
      return null;
    }
    try {
      return Npy.read(src.describe(rel), src.read(rel));
    } catch (IOException e) {
      problems.add(m + e.getMessage());
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    src.close();
  }
}
