package org.cortexclust.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.cortexclust.workflows.sweep.PointResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's terminal line per finished point, read from the point results in a real (embedded) store. */
class SweepTickerTest {
  @TempDir Path dir;

  @Test
  void oneLinePerFinishedPointWithMetricsAndAnEta() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0); ArtifactStore store = new ArtifactStore(s3.settings(dir.resolve("cache")))) {
      store.ensureBucket();
      SweepActivitiesImpl acts = new SweepActivitiesImpl(store);
      acts.recordPoint("sw", new PointResult(0, "exp-a", "success", Map.of("seed", "1"), Map.of(), Map.of(), null, 7));
      SweepTicker t = new SweepTicker(store, "sw", 4); // point 0 finished before this launch
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
      t.poll(out);
      assertEquals("", buf.toString(StandardCharsets.UTF_8), "points finished before the launch are not repeated");
      acts.recordPoint("sw", new PointResult(2, "exp-c", "success", Map.of("seed", "2"), Map.of(),
          Map.of("evaluation.dec_6.ari", 0.5, "training.rho_st_val", 0.25), null, 1));
      acts.recordPoint("sw", new PointResult(1, "exp-b", "failed", Map.of("seed", "3"), Map.of(), Map.of(), "training: diverged", 0));
      t.poll(out);
      t.poll(out);
      List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("point 1 failed: seed=3 — training: diverged [2/4"), lines.get(0));
      assertTrue(lines.get(1).startsWith("point 2 success (1 stages cached): seed=2 → evaluation.dec_6.ari=0.5000 training.rho_st_val=0.2500 [3/4"),
          lines.get(1));
      assertTrue(lines.get(1).matches(".*\\[3/4(, ETA \\d+m\\d\\ds)?\\]"), lines.get(1));
    }
  }
}
