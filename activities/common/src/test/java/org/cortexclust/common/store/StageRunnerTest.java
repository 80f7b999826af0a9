package org.cortexclust.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.stage.StageBody;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memoisation, atomic publication and checkpoints of StageRunner against a real embedded S3. */
class StageRunnerTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;
  static StageRunner runner;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
    runner = env.runner;
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static StageInput input(String stage, String yaml, Map<String, String> inputs) {
    return new StageInput("run-1", stage, ConfigLoader.parse("t", yaml, List.of()).canonicalJson(), inputs);
  }

  @Test
  void secondRunIsACacheHitAndRewritesNothing() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    StageInput in = input("alpha", "seed: 3", Map.of());
    StageOutput first = runner.run(in, List.of("seed", "data"), w -> {
      runs.incrementAndGet();
      Path f = w.workDir().resolve("out.txt");
      Files.writeString(f, "seed=" + w.seed());
      w.addOutput("out.txt", f);
      w.metric("answer", 42);
    });
    assertFalse(first.cacheHit());
    assertEquals(42.0, first.metrics().get("answer"));
    var before = store.list("");
    StageOutput second = runner.run(in, List.of("seed", "data"), w -> runs.incrementAndGet());
    assertTrue(second.cacheHit());
    assertEquals(first.artifactId(), second.artifactId());
    assertEquals(1, runs.get());
    assertEquals(before, store.list(""));
    StageManifest m = store.manifest(first.artifactId());
    assertEquals("seed=3", new String(store.readBlob(m.output("out.txt"))));
    assertEquals(Map.of(), m.inputs());
    assertEquals(CodeVersion.current(), m.code());
    // OpenLineage START and COMPLETE events beside the manifest, the output named with its digest
    String events = new String(store.getIfExists(org.cortexclust.common.lineage.OpenLineageEvents.key(first.artifactId())).orElseThrow());
    List<String> lines = events.lines().toList();
    assertEquals(2, lines.size(), events);
    assertTrue(lines.get(0).contains("\"eventType\":\"START\""), lines.get(0));
    assertTrue(lines.get(1).contains("\"eventType\":\"COMPLETE\""), lines.get(1));
    assertTrue(lines.get(1).contains("sha256:" + m.output("out.txt").sha256()), lines.get(1));
    assertTrue(lines.get(1).contains("\"namespace\":\"cortexclust\",\"name\":\"experiment/run-1\""), lines.get(1));
  }

  @Test
  void keyDependsOnSliceInputsAndNotOnOtherSections() throws Exception {
    StageBody noop = w -> {};
    String a = runner.run(input("beta", "seed: 1\ntraining: {epochs: 2}", Map.of()), List.of("seed", "data"), noop).artifactId();
    String b = runner.run(input("beta", "seed: 1\ntraining: {epochs: 3}", Map.of()), List.of("seed", "data"), noop).artifactId();
    String c = runner.run(input("beta", "seed: 2", Map.of()), List.of("seed", "data"), noop).artifactId();
    assertEquals(a, b, "a section outside the slice must not change the key");
    assertNotEquals(a, c);
    String d = runner.run(input("gamma", "seed: 1", Map.of("upstream", a)), List.of("seed"), noop).artifactId();
    String e = runner.run(input("gamma", "seed: 1", Map.of("upstream", c)), List.of("seed"), noop).artifactId();
    assertNotEquals(d, e, "different inputs give different keys");
  }

  @Test
  void crashBetweenBlobsAndManifestLeavesNoArtifactAndResumesFromCheckpoint() throws Exception {
    StageInput in = input("delta", "seed: 5", Map.of());
    RuntimeException crash = assertThrows(RuntimeException.class, () -> runner.run(in, List.of("seed"), w -> {
      for (int step = 1; step <= 3; step++) {
        Path ck = w.workDir().resolve("ck.txt");
        Files.writeString(ck, "step " + step);
        w.checkpoint(ck, step, Map.of("loss", 1.0 / step));
      }
      Path f = w.workDir().resolve("partial.bin");
      Files.writeString(f, "half");
      w.addOutput("partial.bin", f);
      throw new IllegalStateException("killed");
    }));
    assertTrue(crash.getMessage().contains("killed"));
    String id = StageManifest.idFor("delta", StageRunner.stageKey("delta", Map.of(),
        org.cortexclust.common.config.LoadedConfig.sha256Hex(ConfigLoader.fromCanonicalJson(in.configJson()).sliceJson(List.of("seed"))),
        CodeVersion.current()));
    assertFalse(store.findManifest(id).isPresent(), "no manifest after a crash");

    AtomicInteger resumedAt = new AtomicInteger(-1);
    StageOutput out = runner.run(in, List.of("seed"), w -> {
      StageWork.Checkpoint ck = w.latestCheckpoint().orElseThrow();
      resumedAt.set((int) ck.step());
      assertEquals("step 3", Files.readString(ck.file()));
      Path f = w.workDir().resolve("done.txt");
      Files.writeString(f, "done");
      w.addOutput("done.txt", f);
    });
    assertEquals(3, resumedAt.get());
    assertEquals(id, out.artifactId());
    assertFalse(store.exists("checkpoints/" + id + "/latest.json"), "pointer removed after publication");
  }

  /**
   * A worker that shuts down interrupts its running stage bodies and waits for them to leave: a body that checks
   * between its steps ({@link org.cortexclust.common.progress.Progress#stopIfInterrupted}, as the trainers do) stops,
   * publishes nothing, keeps its checkpoint for the next attempt, and its records say interrupted (lineage ABORT),
   * not failed.
   */
  @Test
  void stopRunningInterruptsABodyBetweenStepsAndKeepsItsCheckpoint() throws Exception {
    StageInput in = input("epsilon", "seed: 8", Map.of());
    java.util.concurrent.CountDownLatch checkpointed = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger steps = new AtomicInteger();
    java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
    Thread body = new Thread(() -> {
      try {
        runner.run(in, List.of("seed"), w -> {
          Path ck = w.workDir().resolve("ck.txt");
          Files.writeString(ck, "step 1");
          w.checkpoint(ck, 1, Map.of());
          checkpointed.countDown();
          while (true) { // training steps: native work between the checks
            org.cortexclust.common.progress.Progress.stopIfInterrupted();
            steps.incrementAndGet();
            Thread.onSpinWait();
          }
        });
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    }, "stage-body");
    body.start();
    assertTrue(checkpointed.await(30, java.util.concurrent.TimeUnit.SECONDS));
    long until = System.nanoTime() + 30_000_000_000L; // stop it mid-steps, not before its first one
    while (steps.get() == 0 && System.nanoTime() < until) Thread.sleep(1);
    assertTrue(steps.get() > 0, "the body is stepping");
    assertEquals(List.of(), StageRunner.stopRunning(java.time.Duration.ofSeconds(10)), "every body left in time");
    Throwable e = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(e != null && org.cortexclust.common.stage.StageActivitySupport.isShutdown(e), String.valueOf(e));
    String id = StageManifest.idFor("epsilon", StageRunner.stageKey("epsilon", Map.of(),
        org.cortexclust.common.config.LoadedConfig.sha256Hex(ConfigLoader.fromCanonicalJson(in.configJson()).sliceJson(List.of("seed"))),
        CodeVersion.current()));
    assertFalse(store.findManifest(id).isPresent(), "nothing published");
    assertTrue(store.exists("checkpoints/" + id + "/latest.json"), "the checkpoint is kept for the next attempt");
    String events = new String(store.getIfExists(org.cortexclust.common.lineage.OpenLineageEvents.key(id)).orElseThrow());
    assertTrue(events.lines().reduce((a, b) -> b).orElseThrow().contains("\"eventType\":\"ABORT\""), events);
    String progress = "";
    for (int i = 0; i < 100 && !progress.contains("interrupted"); i++) { // the final record is written asynchronously
      Thread.sleep(50);
      progress = store.getIfExists(org.cortexclust.common.stage.StageProgressLog.key("run-1", "epsilon")).map(String::new).orElse("");
    }
    assertTrue(progress.matches("(?s).*\"state\"\\s*:\\s*\"interrupted\".*"), progress);
    assertEquals(List.of(), StageRunner.stopRunning(java.time.Duration.ofSeconds(1)), "nothing left running");
  }

  @Test
  void badInputIsNamedAndNotWrapped() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> runner.run(input("eps", "seed: 1", Map.of()), List.of("seed"), w -> w.inputFile("dataset", "x")));
    assertTrue(e.getMessage().contains("needs input 'dataset'"), e.getMessage());
  }
}
