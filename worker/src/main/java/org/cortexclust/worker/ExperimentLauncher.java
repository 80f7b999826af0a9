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
    Optional<RunRecord> before = previous(rt, req.runId());
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
        String resuming = before.map(r -> resumeLine(r, rt.connection.embedded())).orElse(null);
        out.printf("experiment %s started: stages %s%n", req.runId(), String.join(" → ", req.stages()));
        if (resuming != null) {
          out.println(resuming);
        }
      }
    } catch (WorkflowExecutionAlreadyStarted e) {
      stub = rt.client.newUntypedWorkflowStub(req.runId());
      if (progress) {
        out.printf("experiment %s already exists (running or finished, and --reprocess does not re-run it): following it%n", req.runId());
      }
    }
    CompletableFuture<ExperimentResult> result = stub.getResultAsync(ExperimentResult.class);
    // the follower also runs quietly (--json): what it saw is where an interrupted run's record says it stopped
    Follower follower = new Follower(rt, req.runId(), progress ? out : new PrintStream(java.io.OutputStream.nullOutputStream()));
    java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
    WorkflowStub followed = stub;
    Thread onSignal = new Thread(() -> interrupted(rt, cfg, req, started, followed, follower, settled, out), "cortexclust-interrupt");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      return follow(rt, cfg, req, started, stub, result, follower, settled, progress);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running or has run
      }
    }
  }

  private static RunRecord follow(CortexRuntime rt, LoadedConfig cfg, ExperimentRequest req, String started, WorkflowStub stub,
      CompletableFuture<ExperimentResult> result, Follower follower, java.util.concurrent.atomic.AtomicBoolean settled, boolean progress)
      throws IOException {
    while (!result.isDone()) {
      follower.poll(stub);
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
    if (!settled.compareAndSet(false, true)) {
      // Ctrl-C or SIGTERM: the shutdown hook records the run as interrupted; this outcome is the services going down
      return new RunRecord(req.runId(), cfg.config().name(), cfg.sha256(), req.configJson(), "interrupted", started,
          Instant.now().toString(), req.stages(), rec.results(), "interrupted");
    }
    rt.store.putJson(RunRecord.key(req.runId()), rec);
    return rec;
  }

  /** The record of an earlier launch of this run id, if the store has one. */
  static Optional<RunRecord> previous(CortexRuntime rt, String runId) {
    try {
      return rt.store.getJson(RunRecord.key(runId), RunRecord.class);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * What a launch of an unfinished run says before it goes on: that it resumes, what was interrupted, and that
   * finished stages are reused. Null when the earlier launch finished (success or failure: a plain re-run).
   */
  static String resumeLine(RunRecord r, boolean embedded) {
    boolean interrupted = "interrupted".equals(r.status());
    // against a cluster "running" may well be true (another client launched it); embedded, it is a process that died
    if (!interrupted && !(embedded && "running".equals(r.status()))) {
      return null;
    }
    String done = r.results() == null || r.results().isEmpty() ? "no stage had finished"
        : r.results().stream().map(StageOutput::stage).collect(java.util.stream.Collectors.joining(", ")) + " finished (reused)";
    return "resuming " + r.runId() + ": " + (interrupted ? r.error() : "its earlier launch (" + r.startedAt() + ") ended without finishing")
        + "; " + done + "; a stage that checkpoints continues from its last checkpoint";
  }

  /**
   * Shutdown hook of a followed run (Ctrl-C, SIGTERM). Embedded services die with this process, so the run record
   * says interrupted (with what was running and how far it got) and the worker stops taking work; against a remote
   * cluster the experiment goes on there and this process only detaches.
   */
  private static void interrupted(CortexRuntime rt, LoadedConfig cfg, ExperimentRequest req, String started, WorkflowStub stub,
      Follower follower, java.util.concurrent.atomic.AtomicBoolean settled, PrintStream out) {
    if (!settled.compareAndSet(false, true)) {
      return; // the run had already ended
    }
    if (!rt.connection.embedded()) {
      out.printf("%ndetached from %s: it keeps running on %s; run the same command to follow it again%n", req.runId(), rt.temporalTarget());
      out.flush();
      return;
    }
    List<StageOutput> done = new ArrayList<>(follower.finished);
    try {
      done = new ArrayList<>(stub.query("progress", ExperimentProgress.class).finished());
    } catch (RuntimeException e) {
      // the server may be going down already; what the follower saw is the record
    }
    String where = follower.last.isEmpty() ? "before any stage reported progress" : "at: " + follower.last;
    String msg = "interrupted (Ctrl-C or SIGTERM) " + where + (follower.lastCheckpoint.isEmpty() ? "" : "; " + follower.lastCheckpoint);
    RunRecord rec = new RunRecord(req.runId(), cfg.config().name(), cfg.sha256(), req.configJson(), "interrupted", started,
        Instant.now().toString(), req.stages(), done, msg);
    try {
      rt.store.putJson(RunRecord.key(req.runId()), rec);
    } catch (IOException | RuntimeException e) {
      out.println("could not record the interruption in the store: " + e);
    }
    rt.shutdownWorker(Duration.ofSeconds(1));
    out.printf("%n%s %s; run the same command to resume (finished stages are reused)%n", req.runId(), msg);
    out.flush();
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
    private volatile String last = "";
    final List<StageOutput> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** e.g. "training checkpoint after epoch 7", from the heartbeats */
    volatile String lastCheckpoint = "";
    private final java.util.Set<String> resumeNoted = new java.util.HashSet<>();
    private final Map<String, Instant> phaseStart = new HashMap<>();
    private final Map<String, Long> phaseDone = new HashMap<>();
    /** when this stage's current attempt was first seen waiting for a worker */
    private String waitingKey;
    private Instant waitingSince;
    private boolean warnedNoWorker;

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
          finished.add(s);
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

    /**
     * Once a stage's attempt has waited for {@link #NO_WORKER_WARNING} (a retry: plus its back-off) without a worker
     * taking it, a line saying so: which task queue, how many pollers it has when the server can tell, how to start
     * one. Null while the attempt is fresh, running, or the line was printed.
     */
    private String noWorkerLine(String stage, PendingActivityInfo pa) {
      boolean scheduled = pa.getState() == io.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED;
      String key = stage + "#" + pa.getAttempt();
      if (!scheduled) {
        waitingKey = null;
        return null;
      }
      if (!key.equals(waitingKey)) {
        waitingKey = key;
        waitingSince = Instant.now();
        warnedNoWorker = false;
      }
      Duration limit = pa.getAttempt() > 1
          ? NO_WORKER_WARNING.plusMillis(Math.round(StagePolicy.MAX_RETRY_INTERVAL_SECONDS * 1000)) : NO_WORKER_WARNING;
      if (warnedNoWorker || Duration.between(waitingSince, Instant.now()).compareTo(limit) < 0) {
        return null;
      }
      warnedNoWorker = true;
      String queue = org.cortexclust.workflows.experiment.StageActivityOptions.queueOf(stage);
      String pollers = "";
      try {
        var tq = rt.stubs.blockingStub().describeTaskQueue(io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
            .setNamespace(rt.client.getOptions().getNamespace())
            .setTaskQueue(io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName(queue).build())
            .setTaskQueueType(io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY).build());
        pollers = tq.getPollersCount() == 0 ? " (the server reports no poller on it)" : " (" + tq.getPollersCount() + " pollers, all busy)";
      } catch (RuntimeException e) {
        // the embedded test server cannot describe task queues; the wait alone is the evidence
      }
      return String.format("[%s] waiting %d s for a worker on task queue '%s'%s: is one running? start it with "
          + "'cortexclust worker --task-queue %s --temporal %s ...'; the run continues when one polls", stage,
          Duration.between(waitingSince, Instant.now()).toSeconds(), queue, pollers, queue, rt.temporalTarget());
    }

    private String activityLine(String stage) {
      DescribeWorkflowExecutionResponse d = rt.stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace(rt.client.getOptions().getNamespace())
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).build()).build());
      for (PendingActivityInfo pa : d.getPendingActivitiesList()) {
        String waiting = noWorkerLine(stage, pa);
        if (waiting != null) {
          return waiting;
        }
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
          Object resumed = hb.get("resumed_from");
          if (resumed instanceof Number n && resumeNoted.add(stage + "#" + pa.getAttempt())) {
            out.printf("[%s] resuming from the checkpoint after %s %d (written by an earlier attempt)%n", stage,
                hb.getOrDefault("resumed_unit", "step"), n.longValue());
          }
          if (hb.get("checkpoint_step") instanceof Number n) {
            lastCheckpoint = "last checkpoint: " + stage + " after " + hb.getOrDefault("checkpoint_unit", "step") + " " + n.longValue();
          }
          if ("checkpoint".equals(hb.get("phase")) || "resuming".equals(hb.get("phase"))) {
            return null; // the epoch line that follows says the same, or the resume line above did
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

  /** An attempt of a stage waits this long for a worker (plus the longest retry back-off) before the CLI says so. */
  static final Duration NO_WORKER_WARNING = Duration.ofSeconds(20);

  public static String formatMetrics(Map<?, ?> m) {
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
