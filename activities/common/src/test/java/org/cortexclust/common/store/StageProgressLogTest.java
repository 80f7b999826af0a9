package org.cortexclust.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.stage.StageProgressLog;
import org.cortexclust.workflows.contract.StageInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress in the store while a stage runs (what the web view reads), against a real embedded S3. */
class StageProgressLogTest {
  @TempDir Path home;

  static StageInput input(String run, String yaml) {
    return new StageInput(run, "train", ConfigLoader.parse("t", yaml, List.of()).canonicalJson(), Map.of());
  }

  @Test
  void curvesAreInTheStoreWhileTheStageRunsAndStateAtTheEnd() throws Exception {
    try (TestStore env = TestStore.start(home)) {
      AtomicReference<StageProgressLog.Record> seenWhileRunning = new AtomicReference<>();
      var out = env.runner.run(input("run-a", "seed: 1"), List.of("seed"), w -> {
        for (int e = 1; e <= 3; e++) {
          for (int s = 1; s <= 4; s++) {
            w.progress().report("step", s, 4, Map.of("loss", 1.0 / s));
          }
          w.progress().report("epoch", e, 3, Map.of("loss", 1.0 / e, "rho_st_val", 0.1 * e));
        }
        long until = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < until && seenWhileRunning.get() == null) {
          env.store.getJson(StageProgressLog.key("run-a", "train"), StageProgressLog.Record.class)
              .filter(r -> r.curves().containsKey("epoch") && r.curves().get("epoch").size() == 3).ifPresent(seenWhileRunning::set);
          Thread.sleep(100);
        }
        Path f = w.workDir().resolve("x");
        Files.writeString(f, "x");
        w.addOutput("x", f);
      });
      StageProgressLog.Record running = seenWhileRunning.get();
      assertTrue(running != null, "the epoch curve reached the store while the stage ran");
      assertEquals("running", running.state());
      assertEquals(List.of(1L, 2L, 3L), running.curves().get("epoch").stream().map(StageProgressLog.Point::done).toList());
      assertEquals(0.3, running.curves().get("epoch").get(2).values().get("rho_st_val"), 1e-12);
      assertEquals(4, running.curves().get("step").size(), "a restarted phase (a new epoch's steps) replaces its curve");

      StageProgressLog.Record done = env.store.getJson(StageProgressLog.key("run-a", "train"), StageProgressLog.Record.class).orElseThrow();
      assertEquals("succeeded", done.state());
      assertEquals(out.artifactId(), done.artifactId());
      assertEquals(3, done.curves().get("epoch").size());

      // the same run re-launched: a cache hit keeps the record with its curves; another run gets a "cached" record
      env.runner.run(input("run-a", "seed: 1"), List.of("seed"), w -> { });
      assertEquals("succeeded", env.store.getJson(StageProgressLog.key("run-a", "train"), StageProgressLog.Record.class).orElseThrow().state());
      env.runner.run(input("run-b", "seed: 1"), List.of("seed"), w -> { });
      assertEquals("cached", env.store.getJson(StageProgressLog.key("run-b", "train"), StageProgressLog.Record.class).orElseThrow().state());

      // a failing stage ends as failed, with its message
      assertThrows(RuntimeException.class, () -> env.runner.run(input("run-c", "seed: 2"), List.of("seed"), w -> {
        w.progress().report("epoch", 1, 5, Map.of("loss", 2.0));
        throw new IllegalStateException("diverged at epoch 1");
      }));
      long until = System.currentTimeMillis() + 5000;
      StageProgressLog.Record failed = null;
      while (System.currentTimeMillis() < until) {
        failed = env.store.getJson(StageProgressLog.key("run-c", "train"), StageProgressLog.Record.class).orElse(null);
        if (failed != null && failed.state().equals("failed")) break;
        Thread.sleep(100);
      }
      assertEquals("failed", failed.state());
      assertTrue(failed.error().contains("diverged at epoch 1"), failed.error());
      assertEquals(1, failed.curves().get("epoch").size());
    }
  }
}
