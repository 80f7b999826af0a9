package org.cortexclust.worker;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.ExperimentProgress;
import org.cortexclust.workflows.experiment.ExperimentRequest;
import org.cortexclust.workflows.experiment.ExperimentResult;

/** Starts an experiment workflow, follows its progress in the terminal, and records the run in the store. */
public final class ExperimentLauncher {
  private ExperimentLauncher() {}

  /** Experiment id: derived from the canonical config, so re-launching the same experiment does not duplicate it. */
  public static String runId(LoadedConfig cfg) {
    return "exp-" + cfg.sha256().substring(0, 20);
  }

  /** Stages to run: what this build provides and the config enables. */
  public static List<String> stagesFor(LoadedConfig cfg) {
    List<String> out = new ArrayList<>();
    boolean byo = cfg.config().embeddingsSource().path() != null;
    for (String s : StageRegistry.available()) {
      boolean enabled = switch (s) {
        case Stages.DATA, Stages.TRAINING, Stages.EMBEDDINGS -> !byo;
        case Stages.IMPORT -> byo;
        case Stages.ALIGNMENT -> cfg.config().alignment().enabled();
        case Stages.CLUSTERING -> cfg.config().clustering().enabled();
        case Stages.DEC -> cfg.config().dec().enabled();
        case Stages.EVALUATION -> cfg.config().evaluation().enabled();
        default -> true;
      };

      if (enabled) {
        out.add(s);
      }
    }
    return out;
  }

  public static ExperimentRequest request(LoadedConfig cfg, StagePolicy policy) {
    return new ExperimentRequest(runId(cfg), cfg.canonicalJson(), stagesFor(cfg), policy);
  }

  /** Start (or attach to a running experiment with the same id) and follow it to the end. */
  public static RunRecord runAndFollow(CortexRuntime rt, LoadedConfig cfg, StagePolicy policy, PrintStream out, boolean progress)
      throws IOException {
    return runAndFollow(rt, cfg, policy, out, progress, runId(cfg), WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  /**
   * @param workflowId the run's id (the config-derived id, or e.g. an Airflow run id)
   * @param reuse      what a finished run with the same id means: reject, re-run if failed, or re-run always
   */
  public static RunRecord runAndFollow(CortexRuntime rt, LoadedConfig cfg, StagePolicy policy, PrintStream out, boolean progress,
      String workflowId, WorkflowIdReusePolicy reuse) throws IOException {
    ExperimentRequest base = request(cfg, policy);
    ExperimentRequest req = new ExperimentRequest(workflowId, base.configJson(), base.stages(), base.policy());
    String started = Instant.now().toString();
    RunRecord running = new RunRecord(req.runId(), cfg.config().name(), cfg.sha256(), req.configJson(), "running", started, null,
        req.stages(), List.of(), null);
    rt.store.putJson(RunRecord.key(req.runId()), running);
    WorkflowStub stub = rt.client.newUntypedWorkflowStub("ExperimentWorkflow", WorkflowOptions.newBuilder()
        .setWorkflowId(req.runId())
        .setTaskQueue(Stages.CPU_QUEUE)
        .setWorkflowIdReusePolicy(reuse)
        .build());
    try {
      stub.start(req);
      if (progress) {
        out.printf("experiment %s started: stages %s%n", req.runId(), String.join(" → ", req.stages()));
      }
    } catch (WorkflowExecutionAlreadyStarted e) {
      stub = rt.client.newUntypedWorkflowStub(req.runId());
      if (progress) {
        out.printf("experiment %s already exists (running or finished, and --reprocess does not re-run it): following it%n", req.runId());
      }
    }
    CompletableFuture<ExperimentResult> result = stub.getResultAsync(ExperimentResult.class);
    Follower follower = new Follower(rt, req.runId(), out);
    while (!result.isDone()) {
      if (progress) {
        follower.poll(stub);
      }
      try {
        result.get(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // keep following
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        break;
      }
    }
    RunRecord rec;
    try {
      ExperimentResult r = result.join();
      if (progress) {
        follower.poll(stub);
      }
      rec = new RunRecord(req.runId(), cfg.config().name(), cfg.sha256(), req.configJson(), "success", started, Instant.now().toString(),
          req.stages(), r.stages(), null);
    } catch (Exception e) {
      List<StageOutput> done = new ArrayList<>();
      try {
        done.addAll(stub.query("progress", ExperimentProgress.class).finished());
      } catch (Exception ignored) {
        // the workflow may be gone; the failure is what matters
      }
      rec = new RunRecord(req.runId(), cfg.config().name(), cfg.sha256(), req.configJson(), isCancel(e) ? "cancelled" : "failed", started,
          Instant.now().toString(), req.stages(), done, rootMessage(e));
    }
    rt.store.putJson(RunRecord.key(req.runId()), rec);
    return rec;
  }

  static boolean isCancel(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The innermost useful failure message (the stage's own words). */
  public static String rootMessage(Throwable e) {
    String msg = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        msg = af.getOriginalMessage();
        break;
      }
      if (!(t instanceof WorkflowFailedException) && !(t instanceof ActivityFailure) && !(t instanceof java.util.concurrent.CompletionException)
          && t.getMessage() != null) {
        msg = t.getMessage();
      }
    }
    return msg;
  }

  /** Prints a line whenever the stage, phase or numbers change: stage, step/total, values, ETA. */
  static final class Follower {
    private final CortexRuntime rt;
    private final String id;
    private final PrintStream out;
    private int printedStages;
    private String last = "";
    private final Map<String, Instant> phaseStart = new HashMap<>();
    private final Map<String, Long> phaseDone = new HashMap<>();

    Follower(CortexRuntime rt, String id, PrintStream out) {
      this.rt = rt;
      this.id = id;
      this.out = out;
    }

    void poll(WorkflowStub stub) {
      try {
        ExperimentProgress p = stub.query("progress", ExperimentProgress.class);
        while (printedStages < p.finished().size()) {
          StageOutput s = p.finished().get(printedStages++);
          out.printf("[%s] %s → %s %s%n", s.stage(), s.cacheHit() ? "cache hit" : String.format("done in %.1f s", s.seconds()),
              s.artifactId(), s.metrics().isEmpty() ? "" : formatMetrics(s.metrics()));
        }
        if (p.running() != null) {
          String line = activityLine(p.running());
          String key = line == null ? null : line.replaceAll(" ETA \\d+m\\d+s", "");
          if (line != null && !key.equals(last)) {
            out.println(line);
            last = key;
          }
        }
      } catch (Exception e) {
        // a query can fail while the workflow task is in flight; try again on the next tick
      }
    }

    private String activityLine(String stage) {
      DescribeWorkflowExecutionResponse d = rt.stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace(rt.client.getOptions().getNamespace())
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).build()).build());
      for (PendingActivityInfo pa : d.getPendingActivitiesList()) {
        StringBuilder sb = new StringBuilder("[" + stage + "]");
        if (pa.getAttempt() > 1) {
          sb.append(" attempt ").append(pa.getAttempt());
          if (pa.hasLastFailure()) {
            sb.append(" (last failure: ").append(pa.getLastFailure().getMessage()).append(')');
          }
        }
        if (pa.hasHeartbeatDetails()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> hb = DefaultDataConverter.newDefaultInstance()
              .fromPayloads(0, Optional.of(pa.getHeartbeatDetails()), Map.class, Map.class);
          if ("checkpoint".equals(hb.get("phase"))) {
            return null; // the epoch line that follows says the same
          }
          sb.append(' ').append(hb.get("phase"));
          Number done = (Number) hb.get("done");
          Number total = (Number) hb.get("total");
          String phaseKey = stage + "/" + hb.get("phase");
          long step = done == null ? 0 : done.longValue();
          if (step < phaseDone.getOrDefault(phaseKey, 0L)) {
            phaseStart.remove(phaseKey); // the phase restarted (a new epoch's steps)
          }
          phaseDone.put(phaseKey, step);
          Instant t0 = phaseStart.computeIfAbsent(phaseKey, k -> Instant.now());
          if (done != null) {
            sb.append(' ').append(done.longValue());
            if (total != null && total.longValue() > 0) {
              sb.append('/').append(total.longValue());
              long el = Duration.between(t0, Instant.now()).toSeconds();
              if (done.longValue() > 0 && el > 0) {
                long eta = el * (total.longValue() - done.longValue()) / done.longValue();
                sb.append(" ETA ").append(eta / 60).append('m').append(eta % 60).append('s');
              }
            }
          }
          Object vals = hb.get("values");
          if (vals instanceof Map<?, ?> m && !m.isEmpty()) {
            sb.append(' ').append(formatMetrics(m));
          }
        } else if (pa.getAttempt() <= 1) {
          sb.append(" running");
        }
        return sb.toString();
      }
      return null;
    }
  }

  static String formatMetrics(Map<?, ?> m) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (var e : m.entrySet()) {
      if (shown++ == 8) {
        sb.append(" … (+").append(m.size() - 8).append(" more: cortexclust lineage / report)");
        break;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      Object v = e.getValue();
      sb.append(e.getKey()).append('=').append(v instanceof Number n ? String.format("%.4g", n.doubleValue()) : v);
    }
    return sb.toString();
  }
}
