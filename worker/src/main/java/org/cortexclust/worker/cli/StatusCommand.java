package org.cortexclust.worker.cli;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.cortexclust.worker.AirflowStates;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.RunRecord;
import org.cortexclust.workflows.contract.StageOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true, description = "List runs, or show one run's stages (with Airflow state words).")
public final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Experiment id; omit to list every run")
  String id;

  @picocli.CommandLine.Option(names = "--wait-stage", paramLabel = "STAGE", description = "Wait until STAGE of run ID finishes "
      + "(needs --temporal); exit 0 on success, 1 on failure, 99 when the run skips it (Airflow's skip code)")
  String waitStage;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    if (waitStage != null) {
      return waitForStage();
    }
    try (CortexRuntime rt = CortexRuntime.open(conn.connection(), conn.remote())) {
      if (id == null) {
        List<RunRecord> runs = new ArrayList<>();
        for (String k : rt.store.list("runs/")) {
          rt.store.getJson(k, RunRecord.class).ifPresent(runs::add);
        }
        runs.sort(Comparator.comparing(RunRecord::startedAt));
        if (runs.isEmpty()) {
          System.out.println("no runs in " + rt.s3Endpoint() + " (home " + rt.home() + ")");
        }
        System.out.printf("%-26s %-10s %-16s %-26s %s%n", "RUN", "STATUS", "AIRFLOW_STATE", "STARTED", "NAME");
        for (RunRecord r : runs) {
          System.out.printf("%-26s %-10s %-16s %-26s %s%n", r.runId(), r.status(), AirflowStates.ofRun(r.status()), r.startedAt(), r.name());
        }
        return 0;
      }
      RunRecord r = findRun(rt, id);
      System.out.printf("run %s (%s): %s [airflow: %s]%n", r.runId(), r.name(), r.status(), AirflowStates.ofRun(r.status()));
      System.out.printf("config sha256 %s, started %s, finished %s%n", r.configSha256(), r.startedAt(), r.finishedAt());
      boolean upstreamFailed = false;
      for (String stage : r.stages()) {
        StageOutput o = r.results().stream().filter(s -> s.stage().equals(stage)).findFirst().orElse(null);
        String state;
        if (o != null) {
          state = o.cacheHit() ? "success (cache hit)" : "success";
        } else if (!upstreamFailed && ("failed".equals(r.status()) || "cancelled".equals(r.status()))) {
          state = "failed".equals(r.status()) ? "failed" : "skipped";
          upstreamFailed = true;
        } else if (upstreamFailed) {
          state = "upstream_failed";
        } else {
          state = "running".equals(r.status()) ? "queued" : "skipped";
        }
        System.out.printf("  %-12s %-22s %s%n", stage, state, o == null ? "" : o.artifactId());
      }
      if (r.error() != null) {
        System.out.println("error: " + r.error());
      }
      if (rt.client != null) {
        DescribeWorkflowExecutionResponse d = rt.stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(rt.client.getOptions().getNamespace()).setExecution(WorkflowExecution.newBuilder().setWorkflowId(r.runId())).build());
        System.out.println("temporal: " + d.getWorkflowExecutionInfo().getStatus());
      }
      return 0;
    }
  }

  private int waitForStage() throws Exception {
    if (id == null || !conn.remote()) {
      System.err.println("--wait-stage needs a run ID and --address HOST:PORT (or TEMPORAL_ADDRESS)");
      return 2;
    }
    try (CortexRuntime rt = CortexRuntime.open(conn.connection())) {
      var stub = rt.client.newUntypedWorkflowStub(id);
      while (true) {
        var p = stub.query("progress", org.cortexclust.workflows.experiment.ExperimentProgress.class);
        if (!p.planned().contains(waitStage)) {
          System.out.println(waitStage + ": skipped (not planned in run " + id + ")");
          return 99;
        }
        var done = p.finished().stream().filter(s -> s.stage().equals(waitStage)).findFirst();
        if (done.isPresent()) {
          System.out.println(waitStage + ": success " + done.get().artifactId() + (done.get().cacheHit() ? " (cache hit)" : ""));
          return 0;
        }
        if (p.failure() != null) {
          System.out.println(waitStage + ": " + (p.failure().startsWith(waitStage + ":") ? "failed: " : "upstream_failed: ") + p.failure());
          return 1;
        }
        Thread.sleep(2000);
      }
    }
  }

  static RunRecord findRun(CortexRuntime rt, String id) throws IOException {
    return rt.store.getJson(RunRecord.key(LocalNames.runId(id)), RunRecord.class)
        .orElseThrow(() -> new IllegalArgumentException("no run '" + id + "' in " + rt.s3Endpoint() + "; 'cortexclust status' lists runs"));
  }
}
