package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.ExperimentRequest;
import org.cortexclust.workflows.experiment.ExperimentResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash tests on the real path, with worker JVMs killed by SIGKILL. */
class CrashResumeTest {
  @TempDir Path dir;

  static Process spawn(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), TestStages.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void killedWorkerIsReplacedAndTrainingResumesFromItsCheckpoint() throws Exception {
    Path home = dir.resolve("home");
    try (EmbeddedS3 s3 = EmbeddedS3.start(home, 0); EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      String cred = home.resolve("s3-credentials.properties").toString();
      String[] workerArgs = {"worker", "--temporal", temporal.target(), "--s3-endpoint", s3.endpoint(), "--s3-credentials", cred,
          "--home", dir.resolve("worker-home").toString()};
      Process a = spawn(dir.resolve("worker-a.log"), workerArgs);
      LoadedConfig cfg = ConfigLoader.parse("t", "seed: 99\ntraining: {epochs: 24}", List.of());
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
      WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      WorkflowStub wf = client.newUntypedWorkflowStub("ExperimentWorkflow",
          WorkflowOptions.newBuilder().setTaskQueue(Stages.CPU_QUEUE).setWorkflowId("crash-1").build());
      wf.start(new ExperimentRequest("crash-1", cfg.canonicalJson(), List.of(Stages.DATA, Stages.TRAINING, Stages.EMBEDDINGS),
          new StagePolicy(3, 1, 5, 0.5)));

      ArtifactStore store = new ArtifactStore(s3.settings(dir.resolve("cache")));
      long deadline = System.currentTimeMillis() + 60_000;
      boolean midway = false;
      while (System.currentTimeMillis() < deadline && !midway) {
        for (String k : store.list("checkpoints/")) {
          String json = new String(store.getIfExists(k).orElse(new byte[0]), StandardCharsets.UTF_8);
          midway |= json.matches("(?s).*\"step\"\\s*:\\s*([6-9]|1[0-9]).*");
        }
        Thread.sleep(100);
      }
      assertTrue(midway, "training reached step 6 before the kill; worker log:\n" + Files.readString(dir.resolve("worker-a.log")));
      a.destroyForcibly().waitFor(); // SIGKILL
      Process b = spawn(dir.resolve("worker-b.log"), workerArgs);
      try {
        ExperimentResult r = wf.getResult(120, TimeUnit.SECONDS, ExperimentResult.class);
        StageOutput train = r.stages().stream().filter(s -> s.stage().equals(Stages.TRAINING)).findFirst().orElseThrow();
        assertTrue(train.metrics().get("resumed_from") >= 6, "resumed from step " + train.metrics().get("resumed_from"));
        // an uninterrupted computation with the same seed gives the same model bytes
        long state = 99;
        for (int e = 1; e <= 24; e++) {
          state = state * 6364136223846793005L + 1442695040888963407L;
        }
        var m = store.manifest(train.artifactId());
        assertEquals("{\"state\":" + state + "}", new String(store.readBlob(m.output("model.json")), StandardCharsets.UTF_8));
      } finally {
        b.destroy();
        b.waitFor(20, TimeUnit.SECONDS);
        stubs.shutdownNow();
        store.close();
      }
    }
  }

  @Test
  void killedEmbeddedRunIsCompletedByRunningTheSameCommandAgain() throws Exception {
    Path home = dir.resolve("home2");
    Path cfg = dir.resolve("exp.yaml");
    Files.writeString(cfg, "seed: 5\ntraining: {epochs: 30}\nalignment: {enabled: false}\n");
    Process first = spawn(dir.resolve("run-1.log"), "run", cfg.toString(), "--home", home.toString(), "--heartbeat-seconds", "3");
    Path log1 = dir.resolve("run-1.log");
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && !Files.readString(log1).matches("(?s).*\\[training\\] epoch ([5-9]|[12][0-9])/30.*")) {
      Thread.sleep(100);
    }
    assertTrue(Files.readString(log1).contains("[data] done"), Files.readString(log1));
    first.destroyForcibly().waitFor(); // the whole embedded process: server, S3, worker
    Process second = spawn(dir.resolve("run-2.log"), "run", cfg.toString(), "--home", home.toString(), "--heartbeat-seconds", "3");
    assertTrue(second.waitFor(120, TimeUnit.SECONDS), "second run finished");
    String log2 = Files.readString(dir.resolve("run-2.log"));
    assertEquals(0, second.exitValue(), log2);
    assertTrue(log2.contains("[data] cache hit"), log2);
    assertTrue(log2.matches("(?s).*\\[training\\] done in .*resumed_from=([5-9]|[12][0-9]).*"), log2);
    Process third = spawn(dir.resolve("run-3.log"), "run", cfg.toString(), "--home", home.toString());
    assertTrue(third.waitFor(60, TimeUnit.SECONDS));
    String log3 = Files.readString(dir.resolve("run-3.log"));
    assertTrue(log3.contains("3 stages, 3 cache hits"), log3);
  }
}
