package org.cortexclust.workflows;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.ExperimentRequest;
import org.cortexclust.workflows.experiment.ExperimentWorkflow;
import org.cortexclust.workflows.experiment.ExperimentWorkflowImpl;
import org.junit.jupiter.api.Test;

/**
 * Histories recorded from released workflow code must replay on the current code (determinism across upgrades).
 * To record a new history: {@code mvn -pl workflows test -Dtest=ReplayTest -Dcortexclust.recordHistory=true}.
 */
class ReplayTest {
  static final String HISTORY = "/histories/experiment-v1.json";

  @Test
  void recordedExperimentHistoryReplays() throws Exception {
    if (Boolean.getBoolean("cortexclust.recordHistory")) {
      record(Path.of("src/test/resources" + HISTORY));
    }
    try (InputStream in = ReplayTest.class.getResourceAsStream(HISTORY)) {
      assertNotNull(in, "missing recorded history " + HISTORY);
      WorkflowReplayer.replayWorkflowExecution(new String(in.readAllBytes(), StandardCharsets.UTF_8), ExperimentWorkflowImpl.class);
    }
  }

  private static void record(Path dest) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker cpu = env.newWorker(Stages.CPU_QUEUE);
      Worker gpu = env.newWorker(Stages.GPU_QUEUE);
      cpu.registerWorkflowImplementationTypes(ExperimentWorkflowImpl.class);
      var t = new ExperimentWorkflowTest();
      var fake = t.new Fake();
      cpu.registerActivitiesImplementations(fake);
      gpu.registerActivitiesImplementations(fake);
      env.start();
      ExperimentWorkflow wf = env.getWorkflowClient().newWorkflowStub(ExperimentWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(Stages.CPU_QUEUE).setWorkflowId("exp-replay").build());
      wf.run(new ExperimentRequest("exp-replay", "{}", ExperimentWorkflowTest.MODEL_PIPELINE, new StagePolicy(5, 1, 3, 1)));
      Files.createDirectories(dest.getParent());
      Files.writeString(dest, env.getWorkflowClient().fetchHistory("exp-replay").toJson(true));
    }
  }
}
