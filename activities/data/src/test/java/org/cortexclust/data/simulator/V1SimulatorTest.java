package org.cortexclust.data.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.RawMouse;
import org.cortexclust.data.sensorium.SensoriumReader;
import org.cortexclust.data.sensorium.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V1SimulatorTest {
  @TempDir Path dir;

  static SimulatorOptions small(long seed) {
    return SimulatorOptions.defaults(seed).withSize(2, 60, 300, 36, 64);
  }

  @Test
  void writesTheSensoriumLayoutThatValidatesAndReadsBack() throws IOException {
    List<Path> folders = V1Simulator.write(small(7), dir, Progress.NONE);
    assertEquals(2, folders.size());
    assertTrue(folders.get(0).getFileName().toString().startsWith("staticsim1-7-1-GrayImageNet-"), folders.get(0).toString());
    Validator.Report report = Validator.validate(dir);
    assertTrue(report.ok(), report.toText());
    assertEquals(2, report.mice().size());
    assertEquals(300, report.mice().get(0).trials());
    assertEquals(60, report.mice().get(0).neurons());
    assertTrue(report.toText().contains("OK: 2 mice, 120 neurons, 600 trials"), report.toText());
    try (MouseSource src = MouseSource.folder(folders.get(1))) {
      PreparedMouse m = SensoriumReader.read(src, new SensoriumReader.Options(18, 32, true,
          org.cortexclust.data.sensorium.ImageResize.Method.BILINEAR), Progress.NONE);
      assertEquals("sim2-7-1", m.mouseId());
      assertEquals(4, m.channels());
      assertEquals(18, m.height());
      PreparedMouse.GroundTruth gt = m.groundTruth().orElseThrow();
      assertEquals(CellType.labels(), List.of(gt.typeNames()));
      assertTrue(m.attributes().get("noise_ceiling_rho_st") > 0.2, m.attributes().toString());
      // repeated test tier: 300/6 = 50 trials of 5 images x 10 repeats
      int[] test = m.trialIndices("test");
      assertEquals(50, test.length);
      assertEquals(5, Arrays.stream(test).map(i -> m.imageIds()[i]).distinct().count());
      // final_test: round(300/24/10) = 1 image x 10; 240 singles, 10 % validation
      assertEquals(Map.of("train", 216, "validation", 24, "test", 50, "final_test", 10), m.tierCounts());
    }
  }

  @Test
  void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    SimulatorOptions o = SimulatorOptions.defaults(3).withSize(1, 30, 120, 32, 48);
    V1Simulator.write(o, dir.resolve("a"), Progress.NONE);
    V1Simulator.write(o, dir.resolve("b"), Progress.NONE);
    V1Simulator.write(SimulatorOptions.defaults(4).withSize(1, 30, 120, 32, 48), dir.resolve("c"), Progress.NONE);
    Map<String, byte[]> a = tree(dir.resolve("a"));
    Map<String, byte[]> b = tree(dir.resolve("b"));
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
    Map<String, byte[]> c = tree(dir.resolve("c").resolve(Files.list(dir.resolve("c")).findFirst().orElseThrow().getFileName()));
    Path aMouse = Files.list(dir.resolve("a")).findFirst().orElseThrow();
    assertFalse(Arrays.equals(Files.readAllBytes(aMouse.resolve("data/responses/0.npy")), c.get("data/responses/0.npy")));
  }

  @Test
  void cellTypesRespondAsTheirModelFamily() {
    RawMouse m = V1Simulator.simulate(SimulatorOptions.defaults(11).withSize(1, 300, 400, 48, 80), 0);
    PreparedMouse.GroundTruth gt = m.groundTruth();
    // every type is present, orientation is NaN only for the untuned centre-surround type
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int j = 0; j < m.neurons(); j++) {
      counts.merge(gt.type()[j], 1, Integer::sum);
      boolean untuned = gt.type()[j] == CellType.CENTER_SURROUND.ordinal();
      assertEquals(untuned, Float.isNaN(gt.preferredOrientation()[j]));
      assertTrue(Math.abs(gt.rfX()[j]) <= 0.6 && Math.abs(gt.rfY()[j]) <= 0.6);
    }
    assertEquals(CellType.values().length, counts.size(), counts.toString());
    // responses are non-negative, sparse-ish (many zeros), and mean behaviour-modulated
    long zeros = 0;
    for (float v : m.responses()) {
      assertTrue(v >= 0);
      if (v == 0) {
        zeros++;
      }
    }
    double zf = zeros / (double) m.responses().length;
    assertTrue(zf > 0.15 && zf < 0.8, "fraction of zero responses " + zf);
    // Running gain: mean response is higher in the fastest-running quarter than in the slowest quarter.
    int t = m.trials();
    Integer[] order = new Integer[t];
    for (int i = 0; i < t; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Float.compare(m.behavior()[x * 3 + 2], m.behavior()[y * 3 + 2]));
    double slow = 0;
    double fast = 0;
    for (int q = 0; q < t / 4; q++) {
      for (int j = 0; j < m.neurons(); j++) {
        slow += m.responses()[order[q] * m.neurons() + j];
        fast += m.responses()[order[t - 1 - q] * m.neurons() + j];
      }
    }
    assertTrue(fast > 1.2 * slow, "running gain: fast " + fast + " vs slow " + slow);
    double mean = 0;
    for (float c : m.noiseCeiling()) {
      mean += c;
    }
    mean /= m.neurons();
    assertTrue(mean > 0.3 && mean < 0.95, "noise ceiling " + mean);
    // the same over each tier's own trials (what validation and test rho_st are scored on): every tier with trials,
    // one value a neuron; the train tier (single images, most trials) is close to the all-trials ceiling, while the
    // repeated-image tiers hold few distinct images, so less rate variance and a lower ceiling
    assertEquals(new java.util.HashSet<>(Arrays.asList(m.tiers())), m.noiseCeilingByTier().keySet());
    for (var e : m.noiseCeilingByTier().entrySet()) {
      float[] c = e.getValue();
      assertEquals(m.neurons(), c.length);
      double tierMean = 0;
      for (float v : c) {
        assertTrue(v >= 0 && v < 1, e.getKey() + ": " + v);
        tierMean += v;
      }
      tierMean /= c.length;
      if (e.getKey().equals("train")) assertEquals(mean, tierMean, 0.05, e.getKey());
    }
    assertTrue(!Arrays.equals(m.noiseCeiling(), m.noiseCeilingByTier().get("test")), "the test trials' own ceiling");
  }

  /** The ceiling formula: 0 without rate variance; var(r)/sqrt(var(r)·var(y)) otherwise, below 1. */
  @Test
  void theCeilingFormula() {
    double j2 = Math.exp(0.04);
    assertEquals(0f, V1Simulator.ceiling(3 * 2.0, 3 * 4.0, 3, j2), 0f, "constant rate");
    // rates 1 and 3: E[r] = 2, E[r^2] = 5, var(r) = 1; var(y) = 1 + 2 e^{s^2} + 5 (e^{s^2} - 1)
    double vy = 1 + 2 * j2 + 5 * (j2 - 1);
    assertEquals((float) (1 / Math.sqrt(vy)), V1Simulator.ceiling(4, 10, 2, j2), 1e-7f);
  }

  static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
