package org.cortexclust.data.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.SensoriumWriter;
import org.cortexclust.data.sensorium.Validator;
import org.cortexclust.data.sensorium.VideoMouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video simulator writes exactly what {@link VideoMouse} reads, with ground truth, deterministically. */
class VideoSimulatorTest {
  static final VideoSimulatorOptions SMALL = new VideoSimulatorOptions(2, 12, 10, 36, 64, 20, 32, 0.2, 7);

  @TempDir Path dir;

  @Test
  void writesTheSensorium2023LayoutThatVideoMouseReads() throws IOException {
    List<Path> folders = VideoSimulator.write(SMALL, dir, Progress.NONE);
    assertEquals(2, folders.size());
    assertTrue(folders.get(0).getFileName().toString().startsWith("dynamicvsim1-7-1-Video-"), folders.toString());
    VideoSimulator.Mouse sim = VideoSimulator.simulate(SMALL, 0);
    try (VideoMouse vm = VideoMouse.open(MouseSource.folder(folders.get(0)))) {
      assertEquals("vsim1-7-1", vm.key());
      assertEquals(12, vm.neurons());
      assertEquals(10, vm.trials());
      assertTrue(vm.checkAll().isEmpty(), vm.checkAll().toString());
      assertEquals(2, Arrays.stream(vm.tiers()).filter("oracle"::equals).count());
      assertEquals(8, Arrays.stream(vm.tiers()).filter("train"::equals).count());
      int distinctLengths = 0;
      int last = -1;
      for (int i = 0; i < vm.trials(); i++) {
        VideoMouse.Trial t = vm.trial(i);
        assertEquals(sim.frames(i), t.frames(), "real length = first NaN of the padded arrays");
        assertTrue(t.frames() >= 20 && t.frames() <= 32);
        distinctLengths += t.frames() != last ? 1 : 0;
        last = t.frames();
        for (float r : t.responses()) {
          assertTrue(Float.isFinite(r) && r >= 0);
        }
      }
      assertTrue(distinctLengths > 1, "trials of varying length");
      // normalisation uses the written statistics: the video of trial 0 has ~zero mean over all frames of the mouse
      double s = 0;
      long c = 0;
      for (int i = 0; i < vm.trials(); i++) {
        for (float v : vm.trial(i).video()) {
          s += v;
          c++;
        }
      }
      assertEquals(0, s / c, 1e-3);
    }
    Path padded = folders.get(0).resolve("data/videos/0.npy");
    NpyArray v = Npy.read(padded);
    assertArrayEquals(new long[] {36, 64, 32}, v.shape());
    Path neurons = folders.get(0).resolve("meta/neurons");
    assertArrayEquals(sim.temporal(), Npy.read(neurons.resolve(VideoSimulator.GT_TEMPORAL)).toIntArray());
    assertEquals(List.of("sustained", "transient"), List.of(Npy.read(neurons.resolve(VideoSimulator.GT_TEMPORAL_NAMES)).toStringArray()));
    assertArrayEquals(sim.cellType(), Npy.read(neurons.resolve(SensoriumWriter.GT_TYPE)).toIntArray());
    assertArrayEquals(new long[] {12, 2}, Npy.read(neurons.resolve(SensoriumWriter.GT_RF_CENTER)).shape());
    assertEquals(10, Npy.read(folders.get(0).resolve("meta/trials/" + VideoSimulator.GT_STIMULUS)).size());
    Validator.Report rep = Validator.validate(dir);
    assertTrue(rep.ok(), rep.toText());
  }

  @Test
  void sameSeedSameDataOtherSeedOtherData() {
    VideoSimulator.Mouse a = VideoSimulator.simulate(SMALL, 1);
    VideoSimulator.Mouse b = VideoSimulator.simulate(SMALL, 1);
    assertTrue(Arrays.deepEquals(a.videos(), b.videos()));
    assertTrue(Arrays.deepEquals(a.responses(), b.responses()));
    assertTrue(Arrays.deepEquals(a.behavior(), b.behavior()));
    assertArrayEquals(a.tiers(), b.tiers());
    VideoSimulator.Mouse other = VideoSimulator.simulate(SMALL, 0);
    assertFalse(Arrays.deepEquals(a.responses(), other.responses()), "mice differ");
    VideoSimulatorOptions o2 = new VideoSimulatorOptions(2, 12, 10, 36, 64, 20, 32, 0.2, 8);
    assertFalse(Arrays.deepEquals(a.videos(), VideoSimulator.simulate(o2, 1).videos()), "seeds differ");
    VideoSimulator.Mouse big = VideoSimulator.simulate(new VideoSimulatorOptions(1, 40, 12, 36, 64, 20, 20, 0.2, 3), 0);
    assertEquals(2, Arrays.stream(big.stimulus()).distinct().count(), "gratings and natural-like clips");
    assertEquals(2, Arrays.stream(big.temporal()).distinct().count(), "sustained and transient cells");
  }

  @Test
  void eyePositionMovesTheReceptiveFieldsOnly() {
    VideoSimulatorOptions moving = new VideoSimulatorOptions(2, 12, 10, 36, 64, 20, 32, 0.2, 7, 2.0);
    VideoSimulator.Mouse fixed = VideoSimulator.simulate(SMALL, 1), eyes = VideoSimulator.simulate(moving, 1);
    assertTrue(Arrays.deepEquals(fixed.videos(), eyes.videos()), "same movies");
    assertTrue(Arrays.deepEquals(fixed.pupil(), eyes.pupil()), "same recorded eye positions");
    assertFalse(Arrays.deepEquals(fixed.responses(), eyes.responses()), "the receptive fields follow the eye");
    assertEquals(VideoSimulator.hash(new VideoSimulatorOptions(2, 12, 10, 36, 64, 20, 32, 0.2, 7, 0)), VideoSimulator.hash(SMALL));
    assertEquals("a192843f9c07", VideoSimulator.hash(SMALL).substring(0, 12), "fixed gaze keeps the hash it had before eye_shift");
    assertFalse(VideoSimulator.hash(moving).equals(VideoSimulator.hash(SMALL)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VideoSimulatorOptions(1, 10, 10, 36, 64, 20, 32, 0.2, 1, 10));
    assertTrue(e.getMessage().contains("eye_shift"), e.getMessage());
  }

  @Test
  void transientFiltersIgnoreStaticImagesAndSustainedOnesFollowThem() {
    double[] tr = TemporalKind.TRANSIENT.filter();
    double[] su = TemporalKind.SUSTAINED.filter();
    assertEquals(0, Arrays.stream(tr).sum(), 1e-12);
    assertTrue(Arrays.stream(su).sum() > 2);
    assertEquals(1, Arrays.stream(tr).map(x -> x * x).sum(), 1e-12);
    // step input: transient answers at the onset and decays to 0; sustained stays up
    double[] step = new double[30];
    Arrays.fill(step, 1.0);
    double[] yt = VideoSimulator.causal(step, tr);
    double[] ys = VideoSimulator.causal(step, su);
    assertEquals(tr[0], yt[0], 1e-12);
    assertEquals(0, yt[29], 1e-12);
    assertEquals(Arrays.stream(su).sum(), ys[29], 1e-12);
    // hand-computed causal filter: y(2) = h0 x2 + h1 x1 + h2 x0
    double[] y = VideoSimulator.causal(new double[] {1, 2, 3}, new double[] {0.5, 0.25, 0.125});
    assertArrayEquals(new double[] {0.5, 1.25, 2.125}, y, 1e-12);
  }

  @Test
  void badOptionsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VideoSimulatorOptions(1, 10, 10, 36, 64, 5, 32, 0.2, 1));
    assertTrue(e.getMessage().contains("min_frames must be >= 10"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new VideoSimulatorOptions(1, 10, 10, 36, 64, 40, 32, 0.2, 1));
    assertTrue(e.getMessage().contains("max_frames must be >= min_frames"), e.getMessage());
  }
}
