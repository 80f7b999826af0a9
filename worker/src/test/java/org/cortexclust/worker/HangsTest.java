package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.stage.StageActivitySupport;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage that hangs is failed and retried; a stage no worker can take is reported, not waited on in silence. */
class HangsTest {
  @TempDir Path dir;

  /** Reports progress once, then hangs (a blocked read) on its first attempt; the second attempt completes. */
  public static final class HangsOnce implements DataActivities {
    private final StageRunner runner;

    public HangsOnce(StageRunner runner) {
      this.runner = runner;
    }

    @Override
    public StageOutput fetchData(StageInput in) {
      return runner.run(in, List.of("seed"), w -> {
        w.progress().report("download", 1, 10, Map.of());
        if (StageActivitySupport.attempt() == 1) {
          Thread.sleep(120_000); // the keep-alive heartbeats on; progress does not move
        }
        Path f = w.workDir().resolve("x");
        Files.writeString(f, "attempt " + StageActivitySupport.attempt());
        w.addOutput("x", f);
      });
    }
  }

  @AfterEach
  void restore() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  @Test
  void aStageWhoseProgressStopsFailsAndIsRetried() throws Exception {
    StageRegistry.useOnly(List.of(new StageRegistry.Entry(List.of(Stages.DATA), HangsOnce::new)));
    Connection c = new Connection(dir, null, "default", false, null, null, null, null, -1);
    long t0 = System.nanoTime();
    try (CortexRuntime rt = CortexRuntime.open(c)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2, Duration.ofSeconds(3));
      RunRecord r = ExperimentLauncher.runAndFollow(rt, ConfigLoader.parse("t", "seed: 2", List.of()), new StagePolicy(10, 1, 0, 0.5, 1),
          new PrintStream(new ByteArrayOutputStream()), false);
      double secs = (System.nanoTime() - t0) / 1e9;
      assertEquals("success", r.status(), r.error());
      assertTrue(secs < 60, "the hung attempt was given up after the 3 s stall timeout, not after its 120 s hang: " + secs + " s");
      String out = new String(rt.store.readBlob(rt.store.manifest(r.results().get(0).artifactId()).output("x")), StandardCharsets.UTF_8);
      assertEquals("attempt 2", out);
      assertEquals(1.0, rt.registry.find("cortexclust.stage.failures").counters().stream().mapToDouble(x -> x.count()).sum());
      System.out.printf("stall test: %.1f s%n", secs);
    }
  }

  @Test
  void aTaskQueueWithoutWorkerIsReportedWithinAMinute() throws Exception {
    TestStages.registerAll();
    Connection c = new Connection(dir, null, "default", false, null, null, null, null, -1);
    long t0 = System.nanoTime();
    try (CortexRuntime rt = CortexRuntime.open(c)) {
      rt.startWorker(List.of(Stages.CPU_QUEUE), 2); // no gpu worker: training cannot start
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
      var cfg = ConfigLoader.parse("t", "seed: 3\ntraining: {epochs: 2}", List.of());
      CompletableFuture<RunRecord> run = CompletableFuture.supplyAsync(() -> {
        try {
          return ExperimentLauncher.runAndFollow(rt, cfg, StagePolicy.defaults(), out, true);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      long deadline = System.currentTimeMillis() + 120_000; // generous for a loaded machine: the notice says how long it waited
      while (System.currentTimeMillis() < deadline && !buf.toString(StandardCharsets.UTF_8).contains("for a worker on task queue 'gpu'")) {
        Thread.sleep(200);
      }
      String text = buf.toString(StandardCharsets.UTF_8);
      double secs = (System.nanoTime() - t0) / 1e9;
      assertTrue(text.contains("[training] waiting") && text.contains("for a worker on task queue 'gpu'")
          && text.contains("cortexclust worker --task-queue gpu"), "said that no worker takes training:\n" + text);
      java.util.regex.Matcher waited = java.util.regex.Pattern.compile("\\[training\\] waiting (\\d+) s").matcher(text);
      assertTrue(waited.find() && Integer.parseInt(waited.group(1)) < 60, text);
      System.out.printf("no-worker notice after %s s of waiting (%.1f s into the test)%n", waited.group(1), secs);
      rt.client.newUntypedWorkflowStub(ExperimentLauncher.runId(cfg)).cancel();
      RunRecord r = run.get(30, TimeUnit.SECONDS);
      assertEquals("cancelled", r.status(), r.error());
    }
  }
}
