package org.cortexclust.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.ExperimentWorkflowImpl;
import org.cortexclust.workflows.sweep.PointResult;
import org.cortexclust.workflows.sweep.SweepActivities;
import org.cortexclust.workflows.sweep.SweepPoint;
import org.cortexclust.workflows.sweep.SweepRequest;
import org.cortexclust.workflows.sweep.SweepResult;
import org.cortexclust.workflows.sweep.SweepWorkflow;
import org.cortexclust.workflows.sweep.SweepWorkflowImpl;
import org.junit.jupiter.api.Test;

/** SweepWorkflow: concurrency cap, continue-as-new per page, failed points recorded while the rest go on. */
class SweepWorkflowTest {
  static final AtomicInteger inFlight = new AtomicInteger();
  static final AtomicInteger maxSeen = new AtomicInteger();

  /** A data stage that takes a little time and fails for configs marked "bad". */
  public static class SlowData implements DataActivities {
    @Override
    public StageOutput fetchData(StageInput in) {
      int now = inFlight.incrementAndGet();
      maxSeen.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(40);
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      } finally {
        inFlight.decrementAndGet();
      }
      if (in.configJson().contains("bad")) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("point is bad", "BadInput");
      }
      return new StageOutput(in.stage(), "data-" + in.runId(), false, Map.of("m", 1.0), 0.04);
    }
  }

  public static class Book implements SweepActivities {
    final List<SweepPoint> points;
    final Map<Integer, PointResult> results = new ConcurrentHashMap<>();
    final AtomicInteger pageCalls = new AtomicInteger();

    Book(List<SweepPoint> points) {
      this.points = points;
    }

    @Override
    public List<SweepPoint> points(String sweepId, int offset, int limit) {
      pageCalls.incrementAndGet();
      return new ArrayList<>(points.subList(offset, Math.min(points.size(), offset + limit)));
    }

    @Override
    public void recordPoint(String sweepId, PointResult result) {
      results.put(result.index(), result);
    }

    @Override
    public String aggregate(String sweepId) {
      return "sweep-table-" + results.size();
    }
  }

  @Test
  void capIsHonouredPagesContinueAsNewAndFailuresAreRecorded() {
    List<SweepPoint> points = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      points.add(new SweepPoint(i, "exp-" + i, i == 5 || i == 17 ? "{\"bad\":1}" : "{}", Map.of("i", "" + i)));
    }
    Book book = new Book(points);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker w = env.newWorker(Stages.CPU_QUEUE);
      w.registerWorkflowImplementationTypes(SweepWorkflowImpl.class, ExperimentWorkflowImpl.class);
      w.registerActivitiesImplementations(new SlowData(), book);
      env.start();
      WorkflowClient c = env.getWorkflowClient();
      SweepWorkflow s = c.newWorkflowStub(SweepWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(Stages.CPU_QUEUE)
          .setWorkflowId("sweep-t").build());
      SweepResult r = s.run(new SweepRequest("sweep-t", points.size(), 3, 7, List.of(Stages.DATA), new StagePolicy(5, 1, 2, 0.1), 0, 0, 0));
      assertEquals(23, r.total());
      assertEquals(21, r.succeeded());
      assertEquals(2, r.failed());
      assertEquals(23, book.results.size(), "every point recorded");
      assertEquals("failed", book.results.get(5).status());
      assertTrue(book.results.get(5).error().contains("point is bad"), book.results.get(5).error());
      assertEquals("success", book.results.get(6).status());
      assertEquals(4, book.pageCalls.get(), "23 points in pages of 7 = 4 runs (3 continue-as-new)");
      assertTrue(maxSeen.get() <= 3, "cap 3, saw " + maxSeen.get());
      assertTrue(maxSeen.get() >= 2, "points ran concurrently: " + maxSeen.get());
      assertEquals("sweep-table-23", r.tableArtifactId());
    }
  }
}
