package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.data.prepared.PreparedMouse;

/**
 * Writes a {@link RawMouse} in the Sensorium 2022 static folder layout (docs/science.md §1.2–1.3): {@code data/<kind>/<i>.npy}
 * per trial, {@code meta/neurons}, {@code meta/trials}, {@code meta/statistics/<kind>/{all,stimulus_frame}/…} and
 * {@code config.json}. Ground truth of simulated data goes to {@code meta/neurons/gt_*.npy}. The folder is built
 * under a temporary name and renamed into place, so a failure leaves nothing half-written.
 */
public final class SensoriumWriter {
  /** Ground-truth files beside the standard neuron metadata. */
  public static final String GT_TYPE = "gt_cell_type.npy";
  public static final String GT_TYPE_NAMES = "gt_cell_type_names.npy";
  public static final String GT_ORIENTATION = "gt_preferred_orientation.npy";
  public static final String GT_RF_CENTER = "gt_rf_center.npy";
  public static final String GT_NOISE_CEILING = "gt_noise_ceiling.npy";

  /** The noise ceiling over one tier's trials ({@code gt_noise_ceiling_<tier>.npy}, simulated data only). */
  public static String tierCeilingFile(String tier) {
    return "gt_noise_ceiling_" + tier + ".npy";
  }

  private SensoriumWriter() {}

  /** The folder name used for a data key: {@code static<key>-GrayImageNet-<hash>}. */
  public static String folderName(String key, String hash) {
    return "static" + key + "-GrayImageNet-" + hash;
  }

  /** Write {@code m} to {@code folder} (which must not exist yet). */
  public static void write(RawMouse m, Path folder) throws IOException {
    writeAtomically(folder, tmp -> writeContents(m, tmp));
  }

  /** Writes the contents of a dataset folder into a folder. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path root) throws IOException;
  }

  /**
   * Build {@code folder} (which must not exist yet) under a temporary name next to it and move it into place, so a
   * crash never leaves a half-written dataset folder.
   */
  public static void writeAtomically(Path folder, Contents contents) throws IOException {
    if (Files.exists(folder)) {
      throw new IOException(folder + ": already exists; refusing to overwrite a dataset folder");
    }
    Path parent = folder.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + folder.getFileName() + ".part");
    try {
      contents.writeTo(tmp);
      Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  private static void writeContents(RawMouse m, Path root) throws IOException {
    int t = m.trials();
    int n = m.neurons();
    int hw = m.height() * m.width();
    Path data = root.resolve("data");
    for (String kind : new String[] {"images", "responses", "behavior", "pupil_center"}) {
      Files.createDirectories(data.resolve(kind));
    }
    for (int i = 0; i < t; i++) {
      if (m.images()[i].length != hw) {
        throw new IllegalArgumentException("mouse " + m.key() + ": image of trial " + i + " has " + m.images()[i].length + " pixels, expected " + hw);
      }
    }
    // Per-trial files in parallel (file creation dominates); contents do not depend on the order.
    try {
      java.util.stream.IntStream.range(0, t).parallel().forEach(i -> {
        String f = i + ".npy";
        try {
          put(data.resolve("images").resolve(f), NpyArray.ofFloats(m.images()[i], 1, m.height(), m.width()));
          put(data.resolve("responses").resolve(f), NpyArray.ofFloats(Arrays.copyOfRange(m.responses(), i * n, (i + 1) * n), n));
          put(data.resolve("behavior").resolve(f), NpyArray.ofFloats(Arrays.copyOfRange(m.behavior(), i * 3, i * 3 + 3), 3));
          put(data.resolve("pupil_center").resolve(f), NpyArray.ofFloats(Arrays.copyOfRange(m.pupilCenter(), i * 2, i * 2 + 2), 2));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    Path neurons = Files.createDirectories(root.resolve("meta/neurons"));
    put(neurons.resolve("unit_ids.npy"), NpyArray.ofInts(m.unitIds()));
    put(neurons.resolve("cell_motor_coordinates.npy"), NpyArray.ofFloats(m.cellCoordinates(), n, 3));
    put(neurons.resolve("area.npy"), NpyArray.ofStrings(filled(n, "V1")));
    put(neurons.resolve("layer.npy"), NpyArray.ofStrings(filled(n, "L2/3")));
    put(neurons.resolve("animal_ids.npy"), NpyArray.ofInts(new int[n]));
    put(neurons.resolve("scan_idx.npy"), NpyArray.ofInts(new int[n]));
    put(neurons.resolve("sessions.npy"), NpyArray.ofInts(new int[n]));
    PreparedMouse.GroundTruth gt = m.groundTruth();
    if (gt != null) {
      put(neurons.resolve(GT_TYPE), NpyArray.ofInts(gt.type()));
      put(neurons.resolve(GT_TYPE_NAMES), NpyArray.ofStrings(gt.typeNames()));
      put(neurons.resolve(GT_ORIENTATION), NpyArray.ofFloats(gt.preferredOrientation()));
      float[] rf = new float[n * 2];
      for (int j = 0; j < n; j++) {
        rf[2 * j] = gt.rfX()[j];
        rf[2 * j + 1] = gt.rfY()[j];
      }
      put(neurons.resolve(GT_RF_CENTER), NpyArray.ofFloats(rf, n, 2));
    }
    if (m.noiseCeiling() != null) {
      put(neurons.resolve(GT_NOISE_CEILING), NpyArray.ofFloats(m.noiseCeiling()));
    }
    if (m.noiseCeilingByTier() != null) {
      for (var e : m.noiseCeilingByTier().entrySet()) {
        put(neurons.resolve(tierCeilingFile(e.getKey())), NpyArray.ofFloats(e.getValue()));
      }
    }
    Path trials = Files.createDirectories(root.resolve("meta/trials"));
    put(trials.resolve("frame_image_id.npy"), NpyArray.ofInts(m.frameImageId()));
    put(trials.resolve("tiers.npy"), NpyArray.ofStrings(m.tiers()));
    put(trials.resolve("trial_idx.npy"), NpyArray.ofInts(m.trialIdx()));
    String[] hashes = new String[t];
    for (int i = 0; i < t; i++) {
      hashes[i] = String.format("%08x", Integer.rotateLeft(m.frameImageId()[i] * 0x9E3779B9, 7));
    }
    put(trials.resolve("condition_hash.npy"), NpyArray.ofStrings(hashes));

    // Statistics (numpy conventions: std with ddof 0, median of the middle two for even counts).
    float[][] pix = m.images();
    writeStats(root, "images", new float[][] {flatten(pix)}, true);
    writeStats(root, "responses", columns(m.responses(), t, n), false);
    writeStats(root, "behavior", columns(m.behavior(), t, 3), false);
    writeStats(root, "pupil_center", columns(m.pupilCenter(), t, 2), false);
    Files.writeString(root.resolve("config.json"), "{\"links\": {}}", StandardCharsets.UTF_8);
  }

  private static String[] filled(int n, String s) {
    String[] a = new String[n];
    Arrays.fill(a, s);
    return a;
  }

  private static float[] flatten(float[][] a) {
    int total = 0;
    for (float[] x : a) {
      total += x.length;
    }
    float[] out = new float[total];
    int p = 0;
    for (float[] x : a) {
      System.arraycopy(x, 0, out, p, x.length);
      p += x.length;
    }
    return out;
  }

  private static float[][] columns(float[] v, int rows, int cols) {
    float[][] c = new float[cols][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        c[j][i] = v[i * cols + j];
      }
    }
    return c;
  }

  /**
   * Write {@code meta/statistics/<kind>/{all,stimulus_frame}/{mean,std,min,max,median}.npy}, one value per column
   * (numpy conventions: std with ddof 0); {@code scalar} stores 0-d arrays (one column).
   */
  public static void writeStats(Path root, String kind, float[][] cols, boolean scalar) throws IOException {
    int k = cols.length;
    float[] mean = new float[k];
    float[] std = new float[k];
    float[] min = new float[k];
    float[] max = new float[k];
    float[] med = new float[k];
    for (int j = 0; j < k; j++) {
      float[] c = cols[j];
      double s = 0;
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (float x : c) {
        s += x;
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      double mu = s / c.length;
      double ss = 0;
      for (float x : c) {
        ss += (x - mu) * (x - mu);
      }
      mean[j] = (float) mu;
      std[j] = (float) Math.sqrt(ss / c.length);
      min[j] = lo;
      max[j] = hi;
      float[] sorted = c.clone();
      Arrays.sort(sorted);
      int h = sorted.length / 2;
      med[j] = sorted.length % 2 == 1 ? sorted[h] : (float) ((sorted[h - 1] + (double) sorted[h]) / 2);
    }
    for (String sub : new String[] {"all", "stimulus_frame"}) {
      Path d = Files.createDirectories(root.resolve("meta/statistics").resolve(kind).resolve(sub));
      write(d.resolve("mean.npy"), mean, scalar);
      write(d.resolve("std.npy"), std, scalar);
      write(d.resolve("min.npy"), min, scalar);
      write(d.resolve("max.npy"), max, scalar);
      write(d.resolve("median.npy"), med, scalar);
    }
  }

  private static void write(Path f, float[] v, boolean scalar) throws IOException {
    put(f, scalar ? NpyArray.ofFloats(v).reshape() : NpyArray.ofFloats(v));
  }

  /** Plain write: the whole folder is already built under a temporary name, so per-file atomicity is not needed. */
  public static void put(Path f, NpyArray a) throws IOException {
    Files.write(f, Npy.toBytes(a));
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
