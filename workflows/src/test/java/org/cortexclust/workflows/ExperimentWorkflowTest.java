package org.cortexclust.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexclust.workflows.contract.AlignmentActivities;
import org.cortexclust.workflows.contract.ClusteringActivities;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.DecActivities;
import org.cortexclust.workflows.contract.EvaluationActivities;
import org.cortexclust.workflows.contract.ImportActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.contract.TrainingActivities;
import org.cortexclust.workflows.experiment.ExperimentRequest;
import org.cortexclust.workflows.experiment.ExperimentResult;
import org.cortexclust.workflows.experiment.ExperimentWorkflow;
import org.cortexclust.workflows.experiment.ExperimentWorkflowImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ExperimentWorkflow with test-double activities: order, wiring, retries, non-retryable failures, cancellation. */
class ExperimentWorkflowTest {
  TestWorkflowEnvironment env;
  WorkflowClient client;
  final List<StageInput> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger trainingAttempts = new AtomicInteger();
  volatile int trainingFailuresBeforeSuccess;
  volatile boolean badData;
  volatile boolean trainingHangs;

  /** Records every call and answers with "<stage>-id". */
  class Fake implements DataActivities, ImportActivities, TrainingActivities, AlignmentActivities, ClusteringActivities, DecActivities, EvaluationActivities {
    StageOutput out(StageInput in) {
      calls.add(in);
      return new StageOutput(in.stage(), in.stage() + "-id", false, Map.of("x", 1.0), 0.1);
    }

    @Override
    public StageOutput fetchData(StageInput in) {
      if (badData) {
        calls.add(in);
        throw ApplicationFailure.newNonRetryableFailure("data: responses/3.npy is truncated", "BadInput");
      }
      return out(in);
    }

    @Override
    public StageOutput train(StageInput in) {
      int a = trainingAttempts.incrementAndGet();
      if (trainingHangs) {
        while (true) {
          Activity.getExecutionContext().heartbeat(a);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            throw new RuntimeException(e);
          }
        }
      }
      if (a <= trainingFailuresBeforeSuccess) {
        throw new IllegalStateException("S3 endpoint down (attempt " + a + ")");
      }
      return out(in);
    }

    @Override
    public StageOutput importEmbeddings(StageInput in) {
      return out(in);
    }

    @Override
    public StageOutput extractEmbeddings(StageInput in) {
      return out(in);
    }

    @Override
    public StageOutput align(StageInput in) {
      return out(in);
    }

    @Override
    public StageOutput cluster(StageInput in) {
      return out(in);
    }

    @Override
    public StageOutput fineTune(StageInput in) {
      return out(in);
    }

    @Override
    public StageOutput evaluate(StageInput in) {
      return out(in);
    }
  }

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker cpu = env.newWorker(Stages.CPU_QUEUE);
    cpu.registerWorkflowImplementationTypes(ExperimentWorkflowImpl.class);
    Worker gpu = env.newWorker(Stages.GPU_QUEUE);
    Fake f = new Fake();
    cpu.registerActivitiesImplementations(f);
    gpu.registerActivitiesImplementations(f);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  static ExperimentRequest request(List<String> stages) {
    return new ExperimentRequest("exp-1", "{}", stages, new StagePolicy(5, 1, 4, 0.1));
  }

  ExperimentWorkflow stub() {
    return client.newWorkflowStub(ExperimentWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(Stages.CPU_QUEUE)
        .setWorkflowId("exp-1").build());
  }

  static final List<String> MODEL_PIPELINE = Stages.ORDER.stream().filter(s -> !s.equals(Stages.IMPORT)).toList();

  @Test
  void stagesRunInDataFlowOrderWithArtifactIdsWired() {
    ExperimentResult r = stub().run(request(MODEL_PIPELINE));
    assertEquals(MODEL_PIPELINE, calls.stream().map(StageInput::stage).toList());
    assertEquals(Map.of(), calls.get(0).inputs());
    assertEquals(Map.of("dataset", "data-id"), calls.get(1).inputs());
    assertEquals(Map.of("model", "training-id", "dataset", "data-id"), calls.get(2).inputs());
    assertEquals(Map.of("embeddings", "embeddings-id"), calls.get(3).inputs());
    assertEquals("clustering-id", calls.get(5).inputs().get("clustering"));
    assertEquals(6, calls.get(6).inputs().size());
    assertEquals(7, r.stages().size());
    assertEquals("evaluation-id", r.artifacts().get("evaluation"));
  }

  @Test
  void importedEmbeddingsFeedAlignmentClusteringAndEvaluation() {
    stub().run(request(List.of(Stages.IMPORT, Stages.ALIGNMENT, Stages.CLUSTERING, Stages.EVALUATION)));
    assertEquals(List.of("import", "alignment", "clustering", "evaluation"), calls.stream().map(StageInput::stage).toList());
    assertEquals(Map.of("embeddings", "import-id"), calls.get(1).inputs());
    assertEquals(Map.of("embeddings", "import-id", "aligned", "alignment-id", "clustering", "clustering-id"), calls.get(3).inputs());
  }

  @Test
  void skippedStagesAreNotCalledAndDownstreamGetsWhatExists() {
    stub().run(request(List.of(Stages.DATA, Stages.TRAINING, Stages.EMBEDDINGS, Stages.EVALUATION)));
    assertEquals(List.of("data", "training", "embeddings", "evaluation"), calls.stream().map(StageInput::stage).toList());
    assertEquals(Map.of("dataset", "data-id", "model", "training-id", "embeddings", "embeddings-id"), calls.get(3).inputs());
  }

  @Test
  void transientFailuresAreRetried() {
    trainingFailuresBeforeSuccess = 2;
    ExperimentResult r = stub().run(request(List.of(Stages.DATA, Stages.TRAINING)));
    assertEquals(3, trainingAttempts.get());
    assertEquals(2, r.stages().size());
  }

  @Test
  void badInputFailsFastWithoutRetryAndWithTheMessage() {
    badData = true;
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> stub().run(request(MODEL_PIPELINE)));
    assertEquals(1, calls.size(), "no retry of a non-retryable failure, nothing downstream");
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.getMessage().contains("responses/3.npy is truncated"), root.getMessage());
  }

  @Test
  void cancellationReachesAHeartbeatingActivity() throws Exception {
    trainingHangs = true;
    WorkflowStub s = WorkflowStub.fromTyped(stub());
    s.start(request(List.of(Stages.DATA, Stages.TRAINING, Stages.EMBEDDINGS)));
    long deadline = System.currentTimeMillis() + 20_000;
    while (trainingAttempts.get() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    s.cancel();
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> s.getResult(10, java.util.concurrent.TimeUnit.SECONDS,
        ExperimentResult.class));
    assertTrue(e.getCause() instanceof io.temporal.failure.CanceledFailure, String.valueOf(e.getCause()));
    assertEquals(List.of("data"), calls.stream().map(StageInput::stage).toList(), "embeddings never started");
  }
}
