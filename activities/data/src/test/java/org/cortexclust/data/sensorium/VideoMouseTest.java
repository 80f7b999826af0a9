package org.cortexclust.data.sensorium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sensorium 2023 video layout: H×W×T permuted to frames first, NaN padding, normalisation, checks. */
class VideoMouseTest {
  static final int N = 4;
  static final int H = 3;
  static final int W = 5;
  static final int PAD = 6;
  static final int[] LEN = {6, 4, 5};

  @TempDir Path dir;
  Path mouse;

  @BeforeEach
  void write() throws IOException {
    mouse = dir.resolve("dynamic29156-11-10-Video-8744edeac3b4d1ce16b680916b5267ce");
    for (String k : VideoMouse.KINDS) {
      Files.createDirectories(mouse.resolve("data").resolve(k));
    }
    for (int i = 0; i < LEN.length; i++) {
      float[] v = new float[H * W * PAD];
      float[] r = new float[N * PAD];
      float[] b = new float[2 * PAD];
      float[] p = new float[2 * PAD];
      for (int k = 0; k < PAD; k++) {
        boolean pad = k >= LEN[i];
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            v[(y * W + x) * PAD + k] = pad ? Float.NaN : 10 * y + x + 100 * k;
          }
        }
        for (int j = 0; j < N; j++) {
          r[j * PAD + k] = pad ? Float.NaN : j + k;
        }
        b[k] = pad ? Float.NaN : 8;
        b[PAD + k] = pad ? Float.NaN : 4 * k;
        p[k] = pad ? Float.NaN : 3;
        p[PAD + k] = pad ? Float.NaN : 2;
      }
      Npy.write(mouse.resolve("data/videos/" + i + ".npy"), NpyArray.ofFloats(v, H, W, PAD));
      Npy.write(mouse.resolve("data/responses/" + i + ".npy"), NpyArray.ofFloats(r, N, PAD));
      Npy.write(mouse.resolve("data/behavior/" + i + ".npy"), NpyArray.ofFloats(b, 2, PAD));
      Npy.write(mouse.resolve("data/pupil_center/" + i + ".npy"), NpyArray.ofFloats(p, 2, PAD));
    }
    Path nm = Files.createDirectories(mouse.resolve("meta/neurons"));
    Npy.write(nm.resolve("unit_ids.npy"), NpyArray.ofInts(new int[] {7, 8, 9, 10}));
    Npy.write(nm.resolve("cell_motor_coordinates.npy"), NpyArray.ofFloats(new float[N * 3], N, 3));
    Npy.write(Files.createDirectories(mouse.resolve("meta/trials")).resolve("tiers.npy"),
        NpyArray.ofStrings(new String[] {"train", "oracle", "live_test_main"}));
    stat("videos", "mean", 50f);
    stat("videos", "std", 25f);
    stat("responses", "std", 1f, 2f, 0f, 4f);
    stat("behavior", "std", 2f, 4f);
    stat("pupil_center", "mean", 1f, 2f);
    stat("pupil_center", "std", 1f, 0.5f);
  }

  void stat(String kind, String name, float... v) throws IOException {
    Path d = Files.createDirectories(mouse.resolve("meta/statistics").resolve(kind).resolve("all"));
    Npy.write(d.resolve(name + ".npy"), v.length == 1 ? NpyArray.ofFloats(v).reshape() : NpyArray.ofFloats(v));
  }

  @Test
  void readsFramesFirstUpToTheFirstNanAndNormalises() throws IOException {
    try (VideoMouse vm = VideoMouse.open(MouseSource.folder(mouse))) {
      assertEquals("29156-11-10", vm.key());
      assertEquals(3, vm.trials());
      assertEquals(N, vm.neurons());
      assertTrue(vm.checkAll().isEmpty(), vm.checkAll().toString());
      VideoMouse.Trial t = vm.trial(1);
      assertEquals("oracle", t.tier());
      assertEquals(4, t.frames());
      assertEquals(4 * H * W, t.video().length);
      // frame k, pixel (y, x) = (10y + x + 100k - 50) / 25
      assertEquals((10 * 2 + 3 + 100 * 3 - 50) / 25f, t.video()[(3 * H + 2) * W + 3], 1e-5);
      // responses T x N: (j + k) * precision_j; neuron 2 has std 0 < 0.01*mean(std) -> 1/thr
      double thr = 0.01 * (1 + 2 + 0 + 4) / 4.0;
      assertEquals((1 + 2) / 2f, t.responses()[2 * N + 1], 1e-6);
      assertEquals((2 + 3) / thr, t.responses()[3 * N + 2], 1e-3);
      assertEquals(8 / 2f, t.behavior()[0], 1e-6);
      assertEquals(4 * 3 / 4f, t.behavior()[3 * 2 + 1], 1e-6);
      assertEquals((3 - 1) / 1f, t.pupil()[0], 1e-6);
      assertEquals(0f, t.pupil()[1], 1e-6);
      assertEquals(5, vm.trial(2).frames());
      assertEquals(6, vm.trial(0).frames());
    }
    Validator.Report rep = Validator.validate(dir);
    assertTrue(rep.ok(), rep.toText());
    assertEquals("29156-11-10", rep.mice().get(0).key());
    assertEquals(3, rep.mice().get(0).imageHeight());
    assertEquals(1, rep.mice().get(0).tiers().get("oracle"));
  }

  @Test
  void badTrialsAndMetadataAreNamed() throws IOException {
    Npy.write(mouse.resolve("data/responses/2.npy"), NpyArray.ofFloats(new float[N * 5], N, 5));
    float[] r = Npy.read(mouse.resolve("data/responses/0.npy")).toFloatArray();
    r[1 * PAD + 2] = Float.NaN;
    Npy.write(mouse.resolve("data/responses/0.npy"), NpyArray.ofFloats(r, N, PAD));
    try (VideoMouse vm = VideoMouse.open(MouseSource.folder(mouse))) {
      List<String> p = vm.checkAll();
      assertEquals(2, p.size(), p.toString());
      assertTrue(p.stream().anyMatch(s -> s.contains("2.npy: expected shape (4, 6) = neurons × frames of the video, found (4, 5)")), p.toString());
      assertTrue(p.stream().anyMatch(s -> s.contains("0.npy: expected finite responses in the first 6 frames, found NaN for neuron index 1 "
          + "(unit id 8) at frame 2")), p.toString());
      assertThrows(SensoriumFormatException.class, () -> vm.trial(2));
    }
    Npy.write(mouse.resolve("meta/trials/tiers.npy"), NpyArray.ofStrings(new String[] {"train", "test", "none"}));
    Files.delete(mouse.resolve("data/videos/1.npy"));
    SensoriumFormatException e = assertThrows(SensoriumFormatException.class, () -> VideoMouse.open(MouseSource.folder(mouse)));
    Validator.Report rep = Validator.validate(mouse);
    assertTrue(rep.toText().contains("unknown tier 'test'"), rep.toText());
    assertTrue(e.getMessage().contains("unknown tier 'test' (1 trials)"), e.getMessage());
    assertTrue(e.getMessage().contains("data/videos: expected 3 files 0.npy..2.npy (one per entry of meta/trials/tiers.npy), found 2; "
        + "missing [1.npy]"), e.getMessage());
  }
}
