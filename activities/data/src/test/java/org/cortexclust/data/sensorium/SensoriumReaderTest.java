package org.cortexclust.data.sensorium;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Normalisation against hand-computed values, folder vs zip, and a corpus of broken recordings. */
class SensoriumReaderTest {
  static final int T = 12;
  static final int N = 5;
  static final int H = 8;
  static final int W = 12;
  static final String KEY = "12345-6-7";

  @TempDir Path dir;
  Path good;

  /** A tiny mouse with values chosen so every normalisation step can be checked by hand. */
  static RawMouse tinyMouse() {
    float[][] images = new float[T][H * W];
    for (int i = 0; i < T; i++) {
      for (int q = 0; q < H * W; q++) {
        images[i][q] = (i * 7 + q * 3) % 256;
      }
    }
    float[] resp = new float[T * N];
    for (int i = 0; i < T; i++) {
      for (int j = 0; j < N; j++) {
        resp[i * N + j] = j == 4 ? 2f : (i % 3) * (j + 1) + (j == 0 && i == 6 ? -0.001f : 0); // neuron 4 constant, one tiny negative
      }
    }
    float[] beh = new float[T * 3];
    float[] pup = new float[T * 2];
    for (int i = 0; i < T; i++) {
      beh[i * 3] = 20 + i;
      beh[i * 3 + 1] = i % 2 == 0 ? 1 : -1;
      beh[i * 3 + 2] = i * 0.5f;
      pup[i * 2] = 100 + i;
      pup[i * 2 + 1] = 50 - i;
    }
    String[] tiers = new String[T];
    int[] ids = new int[T];
    for (int i = 0; i < T; i++) {
      tiers[i] = i < 6 ? "train" : i < 8 ? "validation" : i < 11 ? "test" : "final_test";
      ids[i] = i < 8 ? 100 + i : i < 11 ? 500 : 600;
    }
    int[] trialIdx = new int[T];
    Arrays.setAll(trialIdx, i -> T - 1 - i);
    float[] coords = new float[N * 3];
    for (int q = 0; q < coords.length; q++) {
      coords[q] = q * 10;
    }
    return new RawMouse(KEY, H, W, images, N, resp, beh, pup, tiers, ids, trialIdx, new int[] {11, 12, 13, 14, 15}, coords, null, null, null);
  }

  @BeforeEach
  void writeGood() throws IOException {
    good = dir.resolve(SensoriumWriter.folderName(KEY, "abc"));
    SensoriumWriter.write(tinyMouse(), good);
  }

  static SensoriumReader.Options half(boolean behavior) {
    return new SensoriumReader.Options(H / 2, W / 2, behavior, ImageResize.Method.BILINEAR);
  }

  @Test
  void normalisesAsTheBaselineLoader() throws IOException {
    RawMouse raw = tinyMouse();
    PreparedMouse m;
    try (MouseSource src = MouseSource.folder(good)) {
      assertEquals(KEY, src.key());
      m = SensoriumReader.read(src, half(true), Progress.NONE);
    }
    assertEquals(KEY, m.mouseId());
    assertEquals(4, m.channels());
    // image statistics: population mean/std over all pixels of all trials
    double s = 0;
    double ss = 0;
    for (float[] im : raw.images()) {
      for (float v : im) {
        s += v;
        ss += v * v;
      }
    }
    double cnt = T * H * W;
    double mean = s / cnt;
    double std = Math.sqrt(ss / cnt - mean * mean);
    FloatBuffer img = m.images();
    int plane = (H / 2) * (W / 2);
    for (int i : new int[] {0, 7}) {
      for (int oy = 0; oy < H / 2; oy++) {
        for (int ox = 0; ox < W / 2; ox++) {
          // 2x bilinear reduction samples input coordinate 2o + 0.5: the mean of each 2x2 block
          float[] x = raw.images()[i];
          double block = (x[(2 * oy) * W + 2 * ox] + x[(2 * oy) * W + 2 * ox + 1] + x[(2 * oy + 1) * W + 2 * ox] + x[(2 * oy + 1) * W + 2 * ox + 1]) / 4;
          assertEquals((block - mean) / std, img.get(i * 4 * plane + oy * (W / 2) + ox), 2e-5, "trial " + i + " pixel " + oy + "," + ox);
        }
      }
    }
    // responses: x / std_j; neuron 4 is constant (std 0 < 0.01 * mean std) -> precision 1/thr; negatives clipped to 0
    float[] std0 = Npy.read(good.resolve("meta/statistics/responses/all/std.npy")).toFloatArray();
    assertEquals(0f, std0[4]);
    double thr = 0.01 * (std0[0] + std0[1] + std0[2] + std0[3] + std0[4]) / 5;
    FloatBuffer r = m.responses();
    assertEquals(raw.responses()[3 * N + 2] / std0[2], r.get(3 * N + 2), 1e-5);
    assertEquals(2f / thr, r.get(3 * N + 4), 1e-3 * 2 / thr);
    assertEquals(0f, r.get(6 * N), "a small negative response is clipped to 0");
    // behaviour divided by its std (no mean subtraction), then broadcast to planes 1..3; pupil z-scored
    float[] bstd = Npy.read(good.resolve("meta/statistics/behavior/all/std.npy")).toFloatArray();
    for (int k = 0; k < 3; k++) {
      float expected = raw.behavior()[7 * 3 + k] / bstd[k];
      assertEquals(expected, m.behavior()[7 * 3 + k], 1e-6);
      for (int q = 0; q < plane; q++) {
        assertEquals(expected, img.get((7 * 4 + 1 + k) * plane + q), 1e-6);
      }
    }
    float[] pm = Npy.read(good.resolve("meta/statistics/pupil_center/all/mean.npy")).toFloatArray();
    float[] ps = Npy.read(good.resolve("meta/statistics/pupil_center/all/std.npy")).toFloatArray();
    assertEquals((raw.pupilCenter()[9 * 2 + 1] - pm[1]) / ps[1], m.pupilCenter()[9 * 2 + 1], 1e-5);
    assertEquals(0, (raw.pupilCenter()[0] + raw.pupilCenter()[22]) / 2f - pm[0], 1e-4, "pupil x is linear in i, mean is the midpoint");
    assertArrayEquals(raw.frameImageId(), m.imageIds());
    assertArrayEquals(new int[] {8, 9, 10}, m.trialIndices("test"));
    assertArrayEquals(raw.unitIds(), m.unitIds());
    assertArrayEquals(raw.cellCoordinates(), m.cellCoordinates());
    // without behaviour: a single channel holding the same image
    try (MouseSource src = MouseSource.folder(good)) {
      PreparedMouse one = SensoriumReader.read(src, half(false), Progress.NONE);
      assertEquals(1, one.channels());
      assertEquals(img.get(7 * 4 * plane + 3), one.images().get(7 * plane + 3));
    }
  }

  @Test
  void areaResizeAveragesBlocksAndIdentityKeepsPixels() {
    float[] src = new float[4 * 6];
    for (int i = 0; i < src.length; i++) {
      src[i] = i;
    }
    float[] out = new float[2 * 2];
    new ImageResize(4, 6, 2, 2, ImageResize.Method.AREA).apply(src, 0, out, 0, 1, 0);
    // block rows 0-1, cols 0-2: mean of 0,1,2,6,7,8 = 4
    assertArrayEquals(new float[] {4, 7, 16, 19}, out, 1e-5f);
    float[] bil = new float[2 * 3];
    new ImageResize(4, 6, 2, 3, ImageResize.Method.BILINEAR).apply(src, 0, bil, 0, 2, 1);
    assertArrayEquals(new float[] {2 * 3.5f + 1, 2 * 5.5f + 1, 2 * 7.5f + 1, 2 * 15.5f + 1, 2 * 17.5f + 1, 2 * 19.5f + 1}, bil, 1e-5f);
    float[] four = new float[1];
    float[] src4 = {0, 1, 2, 3};
    new ImageResize(1, 4, 1, 1, ImageResize.Method.BILINEAR).apply(src4, 0, four, 0, 1, 0);
    assertEquals(1.5f, four[0], 1e-6, "a 4x reduction averages the two middle pixels (skimage order=1, no anti-aliasing)");
  }

  @Test
  void zipReadsLikeTheFolderWithoutUnpacking() throws IOException {
    Path zip = dir.resolve("static" + KEY + "-GrayImageNet-abc.zip");
    zip(good, zip, good.getFileName().toString() + "/");
    Path flat = dir.resolve("flat.zip");
    zip(good, flat, "");
    PreparedMouse a;
    PreparedMouse b;
    PreparedMouse c;
    try (MouseSource f = MouseSource.folder(good); MouseSource z = MouseSource.zip(zip); MouseSource zf = MouseSource.zip(flat)) {
      assertEquals(KEY, z.key());
      assertTrue(z.describe("data/images/0.npy").endsWith(".zip!static" + KEY + "-GrayImageNet-abc/data/images/0.npy"));
      a = SensoriumReader.read(f, half(true), Progress.NONE);
      b = SensoriumReader.read(z, half(true), Progress.NONE);
      c = SensoriumReader.read(zf, half(true), Progress.NONE);
    }
    for (PreparedMouse x : List.of(b, c)) {
      assertEquals(a.images(), x.images());
      assertEquals(a.responses(), x.responses());
      assertArrayEquals(a.behavior(), x.behavior());
      assertArrayEquals(a.tiers(), x.tiers());
    }
    assertEquals(List.of(zip, flat).stream().sorted().toList(),
        SensoriumDataset.discover(dir).stream().filter(p -> p.toString().endsWith(".zip")).toList());
    Validator.Report rep = Validator.validate(dir);
    assertFalse(rep.ok(), "the same key three times is reported");
    assertTrue(rep.toText().contains("appears twice"), rep.toText());
  }

  static void zip(Path folder, Path zip, String prefix) throws IOException {
    try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os); Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(prefix + folder.relativize(p)));
        Files.copy(p, z);
        z.closeEntry();
      }
    }
  }

  // ------------------------------------------------------------------------------------------ broken corpus

  /** kind of damage, file, expected fragment of the message. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "truncate | data/images/3.npy           | truncated",
      "truncate | data/responses/4.npy        | truncated",
      "truncate | data/behavior/0.npy         | truncated",
      "truncate | data/pupil_center/11.npy    | truncated",
      "truncate | meta/trials/tiers.npy       | truncated",
      "truncate | meta/trials/frame_image_id.npy | truncated",
      "truncate | meta/neurons/unit_ids.npy   | truncated",
      "truncate | meta/neurons/cell_motor_coordinates.npy | truncated",
      "truncate | meta/statistics/responses/all/std.npy | truncated",
      "truncate | meta/statistics/images/all/mean.npy | truncated",
      "text     | data/responses/0.npy        | magic",
      "strings  | data/responses/2.npy        | expected a float or integer array, found dtype <U",
      "strings  | data/images/5.npy           | expected a float or integer array, found dtype <U",
      "floats   | meta/trials/tiers.npy       | expected a string array",
      "strings  | meta/neurons/unit_ids.npy   | expected a numeric array",
      "strings  | meta/statistics/behavior/all/std.npy | expected a numeric array",
      "longer   | data/responses/6.npy        | expected shape (5,)",
      "longer   | data/behavior/6.npy         | expected shape (3,) or (1, 3), found (4,)",
      "longer   | data/pupil_center/6.npy     | expected shape (2,) or (1, 2), found (3,)",
      "longer   | meta/trials/frame_image_id.npy | expected shape (12,)",
      "longer   | meta/statistics/responses/all/std.npy | expected shape (5,)",
      "longer   | meta/statistics/pupil_center/all/mean.npy | expected shape (2,)",
      "bigimage | data/images/9.npy           | expected shape (1, 8, 12) like data/images/0.npy, found (1, 9, 12)",
      "coords2  | meta/neurons/cell_motor_coordinates.npy | expected shape (5, 3)",
      "missing  | data/pupil_center/7.npy     | expected 12 files 0.npy..11.npy",
      "missing  | meta/neurons/unit_ids.npy   | missing",
      "missing  | meta/trials/tiers.npy       | missing",
      "missing  | meta/statistics/images/all/std.npy | missing",
      "missingdir | data/behavior             | missing or empty",
      "nan      | data/responses/8.npy        | expected finite responses, found NaN for neuron index 1 (unit id 12)",
      "inf      | data/responses/1.npy        | expected finite responses, found Infinity",
      "nan      | data/behavior/2.npy         | expected finite values, found NaN",
      "tier     | meta/trials/tiers.npy       | unknown tier 'oracle' (1 trials, first at trial 3)",
      "extra    | data/images/12.npy          | unexpected [12.npy]",
      "zerostd  | meta/statistics/images/all/std.npy | expected a finite std > 0",
  })
  void brokenRecordingsGetTheirSpecificError(String damage, String file, String expected) throws IOException {
    Path bad = dir.resolve("broken").resolve(good.getFileName());
    copyTree(good, bad);
    Path f = bad.resolve(file);
    switch (damage) {
      case "truncate" -> {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 3));
      }
      case "text" -> Files.writeString(f, "this is not numpy");
      case "strings" -> Npy.write(f, NpyArray.ofStrings(new String[] {"a", "b", "c"}));
      case "floats" -> Npy.write(f, NpyArray.ofFloats(new float[T]));
      case "longer" -> {
        NpyArray a = Npy.read(f);
        Npy.write(f, NpyArray.ofFloats(Arrays.copyOf(a.toFloatArray(), (int) a.size() + 1)));
      }
      case "bigimage" -> Npy.write(f, NpyArray.ofFloats(new float[9 * W], 1, 9, W));
      case "coords2" -> Npy.write(f, NpyArray.ofFloats(new float[N * 2], N, 2));
      case "missing" -> Files.delete(f);
      case "missingdir" -> SensoriumWriter.deleteTree(f);
      case "nan", "inf" -> {
        float[] v = Npy.read(f).toFloatArray();
        v[1] = damage.equals("nan") ? Float.NaN : Float.POSITIVE_INFINITY;
        Npy.write(f, NpyArray.ofFloats(v));
      }
      case "tier" -> {
        String[] t = Npy.read(f).toStringArray();
        t[3] = "oracle";
        Npy.write(f, NpyArray.ofStrings(t));
      }
      case "extra" -> Files.copy(bad.resolve("data/images/0.npy"), f);
      case "zerostd" -> Npy.write(f, NpyArray.ofFloats(new float[] {0f}).reshape());
      default -> throw new IllegalArgumentException(damage);
    }
    SensoriumFormatException e;
    try (MouseSource src = MouseSource.folder(bad)) {
      e = assertThrows(SensoriumFormatException.class, () -> SensoriumReader.read(src, half(true), Progress.NONE));
    }
    String name = file.contains("/") ? file.substring(file.lastIndexOf('/') + 1) : file;
    assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected) && p.startsWith("mouse " + KEY + ": ") && p.contains(name)),
        "expected a problem naming " + name + " with '" + expected + "', got:\n" + e.getMessage());
    Validator.Report rep = Validator.validate(bad.getParent());
    assertFalse(rep.ok());
    assertTrue(rep.toText().contains(expected), rep.toText());
    // the zip of the same broken folder fails the same way and names the zip entry
    Path zip = dir.resolve("broken.zip");
    zip(bad, zip, bad.getFileName() + "/");
    try (MouseSource src = MouseSource.zip(zip)) {
      SensoriumFormatException ez = assertThrows(SensoriumFormatException.class, () -> SensoriumReader.read(src, half(true), Progress.NONE));
      assertTrue(ez.problems().stream().anyMatch(p -> p.contains(expected)), ez.getMessage());
    }
  }

  @Test
  void validatorRejectsFoldersWithoutMice() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    Validator.Report rep = Validator.validate(dir.resolve("empty"));
    assertFalse(rep.ok());
    assertTrue(rep.problems().get(0).contains("no mouse found"), rep.toText());
    Validator.Report ok = Validator.validate(good);
    assertTrue(ok.ok(), ok.toText());
    assertEquals(T, ok.mice().get(0).trials());
    assertEquals(8, ok.mice().get(0).imageHeight());
    assertTrue(ok.toText().contains("tiers {train=6, validation=2, test=3, final_test=1}"), ok.toText());
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
