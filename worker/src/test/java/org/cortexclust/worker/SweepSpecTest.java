package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.worker.sweep.SweepSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files: expansion order and problems named where the user wrote them. */
class SweepSpecTest {
  @TempDir Path dir;

  @Test
  void gridTimesSeedsExpandsAndEveryPointIsValidated() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "seed: 1\n");
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, "base: base.yaml\ngrid: {training.epochs: [1, 2, 3]}\nseeds: [4, 5]\n");
    var points = SweepSpec.load(f, List.of()).expand();
    assertEquals(6, points.size());
    assertEquals("1", points.get(0).assignment().get("training.epochs"));
    assertEquals("5", points.get(1).assignment().get("seed"));
    assertEquals(6, points.stream().map(p -> p.runId()).distinct().count(), "every point a distinct experiment");
  }

  @Test
  void problemsNameTheSweepFileAndTheGridOrSetKey() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "seed: 1\n");
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "base: base.yaml\nset: {training.batch_size: 0}\ngrid: {training.readout.typ: [a, b]}\nconcurrency: 0\n");
    ConfigException e0 = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()));
    assertTrue(e0.getMessage().contains("concurrency: must be in [1, 1000], got 0"), e0.getMessage());
    Files.writeString(f, "base: base.yaml\nset: {training.batch_size: 0}\ngrid: {training.readout.typ: [a, b]}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()).expand());
    assertTrue(e.getMessage().startsWith("1 problem in " + f), e.getMessage());
    assertTrue(e.getMessage().contains("grid.training.readout.typ: unknown key (did you mean 'type'?)"), e.getMessage());
    Files.writeString(f, "base: base.yaml\nset: {training.batch_size: 0}\n");
    ConfigException e2 = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()).expand());
    assertTrue(e2.getMessage().contains("set.training.batch_size: must be in [1, 65536], got 0"), e2.getMessage());
    Files.writeString(dir.resolve("base.yaml"), "seed: 1\ntraining: {epochs: 0}\n");
    Files.writeString(f, "base: base.yaml\n");
    ConfigException e3 = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()).expand());
    assertTrue(e3.getMessage().contains("base.yaml: training.epochs: must be in [1, 10000], got 0"), e3.getMessage());
  }
  /** Extra points besides the grid (e.g. one core regulariser changed at one γ), each once per seed; duplicates of a grid point are not added twice; a bad one is named. */
  @Test
  void modelSlotsDefaultToOneAndAreChecked() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "seed: 1\n");
    Path f = dir.resolve("m.yaml");
    Files.writeString(f, "base: base.yaml\nseeds: [1, 2]\n");
    assertEquals(1, SweepSpec.load(f, List.of()).modelSlots(), "one model at a time unless asked");
    Files.writeString(f, "base: base.yaml\nseeds: [1, 2]\nmodel_slots: 3\n");
    assertEquals(3, SweepSpec.load(f, List.of()).modelSlots());
    Files.writeString(f, "base: base.yaml\nseeds: [1, 2]\nmodel_slots: 0\n");
    ConfigException e = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()));
    assertTrue(e.getMessage().contains("model_slots: must be in [1, 64], got 0"), e.getMessage());
  }

  @Test
  void extraPointsJoinTheGridTimesSeeds() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "seed: 1\n");
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "base: base.yaml\ngrid: {training.epochs: [1, 2]}\npoints:\n"
        + "  - {training.epochs: 2, training.regularisation.gamma_input: 0.5}\n  - {training.epochs: 1}\nseeds: [4, 5]\n");
    var points = SweepSpec.load(f, List.of()).expand();
    assertEquals(6, points.size(), "2 grid points + 1 new extra point (the other is on the grid), x 2 seeds");
    assertEquals("0.5", points.get(4).assignment().get("training.regularisation.gamma_input"));
    Files.writeString(f, "base: base.yaml\npoints:\n  - {training.epochs: 0}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()).expand());
    assertTrue(e.getMessage().contains("points.training.epochs: must be in [1, 10000], got 0"), e.getMessage());
    Files.writeString(f, "base: base.yaml\npoints: {training.epochs: 1}\n");
    ConfigException e2 = assertThrows(ConfigException.class, () -> SweepSpec.load(f, List.of()));
    assertTrue(e2.getMessage().contains("points: expected a list of mappings"), e2.getMessage());
  }

  /** configs/study-static.yaml: 2 readouts x 3 gammas + 3 core-regulariser points, x 3 seeds, all valid. */
  @Test
  void theShippedStaticStudyExpands() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    var points = SweepSpec.load(root.resolve("configs/study-static.yaml"), List.of()).expand();
    assertEquals(27, points.size());
    assertEquals(9, points.stream().filter(p -> p.assignment().containsKey("training.regularisation.gamma_input")
        || p.assignment().containsKey("training.regularisation.gamma_group")).count(), "3 off-grid points x 3 seeds");
    var c = org.cortexclust.common.config.ConfigLoader.fromCanonicalJson(points.get(0).configJson()).config();
    assertEquals(List.of(13, 5, 5, 5), c.training().core().kernelSizes());
    assertTrue(c.clustering().ks().contains(30), "k-means with 30 clusters as in the paper");
  }

  /**
   * configs/study-dec.yaml: beta x K x {dec, december} x 3 seeds from epoch PE, plus dec.start after_training at one
   * beta, all valid, on study-static's data and validation-best configuration.
   */
  @Test
  void theShippedDecStudyExpands() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    var points = SweepSpec.load(root.resolve("configs/study-dec.yaml"), List.of()).expand();
    assertEquals(60, points.size());
    var configs = new java.util.ArrayList<org.cortexclust.common.config.ExperimentConfig>();
    for (var p : points) {
      configs.add(org.cortexclust.common.config.ConfigLoader.fromCanonicalJson(p.configJson()).config());
    }
    assertEquals(48, configs.stream().filter(c -> c.dec().start().equals("epoch")).count());
    assertEquals(java.util.Set.of(0.0, 1000.0, 10000.0, 100000.0),
        configs.stream().map(c -> c.dec().lambda()).collect(java.util.stream.Collectors.toSet()));
    assertEquals(java.util.Set.of(8, 16), configs.stream().map(c -> c.dec().k()).collect(java.util.stream.Collectors.toSet()));
    assertEquals(30, configs.stream().filter(c -> c.dec().method().equals("december")).count());
    var c = configs.get(0);
    assertEquals(List.of(13, 5, 5, 5), c.training().core().kernelSizes());
    assertEquals(700, c.data().simulate().trials(), "study-static's data");
    assertEquals("factorised", c.training().readout().type());
  }
}
