package org.cortexclust.workflows.sweep;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.ExperimentRequest;
import org.cortexclust.workflows.experiment.ExperimentResult;
import org.cortexclust.workflows.experiment.ExperimentWorkflow;

/**
 * Runs sweep points as child {@link ExperimentWorkflow}s, at most {@code concurrency} at once, one page of points
 * per run, then continues as new, so a sweep of thousands of points keeps a bounded history. A failed point is
 * recorded and the rest go on. Child ids are the points' run ids, so a re-launched sweep finds every finished
 * stage in the artifact store (cache hits).
 */
public class SweepWorkflowImpl implements SweepWorkflow {
  private SweepRequest req;
  private int started;
  private int succeeded;
  private int failed;
  private int running;
  private int maxInFlight;
  private int continued;

  @Override
  public SweepResult run(SweepRequest request) {
    this.req = request;
    this.succeeded = request.succeeded();
    this.failed = request.failed();
    this.started = request.cursor();
    // Bookkeeping calls are small store reads/writes: a short start-to-close, so one cut off by a dying worker is
    // retried within seconds (they do not heartbeat). Only the aggregate, which reads every point, gets longer.
    RetryOptions retry = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setMaximumAttempts(10).build();
    SweepActivities acts = Workflow.newActivityStub(SweepActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(Stages.CPU_QUEUE).setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(retry).build());
    SweepActivities aggregator = Workflow.newActivityStub(SweepActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(Stages.CPU_QUEUE).setStartToCloseTimeout(Duration.ofMinutes(10)).setRetryOptions(retry).build());

    int end = Math.min(request.total(), request.cursor() + request.pageSize());
    List<SweepPoint> page = request.cursor() < end ? acts.points(request.sweepId(), request.cursor(), end - request.cursor()) : List.of();
    List<Promise<Void>> pending = new ArrayList<>();
    for (SweepPoint p : page) {
      Workflow.await(() -> running < request.concurrency());
      running++;
      started++;
      maxInFlight = Math.max(maxInFlight, running);
      ExperimentWorkflow child = Workflow.newChildWorkflowStub(ExperimentWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(request.sweepId() + "-" + String.format("%05d", p.index()) + "-" + p.runId())
          .setTaskQueue(Stages.CPU_QUEUE)
          .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
          .build());
      ExperimentRequest er = new ExperimentRequest(p.runId(), p.configJson(), request.stages(), request.policy());
      // each point in its own workflow thread, where blocking on the child and the bookkeeping activity is allowed
      pending.add(Async.procedure(() -> {
        PointResult pr;
        try {
          pr = success(p, child.run(er));
          succeeded++;
        } catch (ChildWorkflowFailure e) {
          pr = failure(p, e);
          failed++;
        }
        running--;
        acts.recordPoint(request.sweepId(), pr);
      }));
    }
    Promise.allOf(pending).get();

    if (end < request.total()) {
      continued++;
      Workflow.continueAsNew(request.next(end, succeeded, failed));
    }
    String table = aggregator.aggregate(request.sweepId());
    return new SweepResult(request.sweepId(), request.total(), succeeded, failed, table);
  }

  private static PointResult success(SweepPoint p, ExperimentResult res) {
    Map<String, String> arts = new TreeMap<>();
    Map<String, Double> metrics = new TreeMap<>();
    int hits = 0;
    for (StageOutput s : res.stages()) {
      arts.put(s.stage(), s.artifactId());
      s.metrics().forEach((k, v) -> metrics.put(s.stage() + "." + k, v));
      hits += s.cacheHit() ? 1 : 0;
    }
    return new PointResult(p.index(), p.runId(), "success", p.assignment(), arts, metrics, null, hits);
  }

  private static PointResult failure(SweepPoint p, Throwable err) {
    Throwable t = err;
    while (t instanceof ChildWorkflowFailure && t.getCause() != null) {
      t = t.getCause();
    }
    while (t.getCause() != null && t.getMessage() != null && t.getMessage().startsWith("Activity")) {
      t = t.getCause();
    }
    return new PointResult(p.index(), p.runId(), "failed", p.assignment(), Map.of(), Map.of(), String.valueOf(t.getMessage()), 0);
  }

  @Override
  public SweepProgress progress() {
    return new SweepProgress(req == null ? null : req.sweepId(), req == null ? 0 : req.total(), started, succeeded, failed, running,
        maxInFlight, continued);
  }
}
