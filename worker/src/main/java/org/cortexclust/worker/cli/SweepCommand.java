package org.cortexclust.worker.cli;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.ExperimentLauncher;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.cortexclust.worker.sweep.SweepSpec;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.sweep.SweepPoint;
import org.cortexclust.workflows.sweep.SweepProgress;
import org.cortexclust.workflows.sweep.SweepRequest;
import org.cortexclust.workflows.sweep.SweepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Launch a sweep (grid × seeds) with a concurrency cap; re-launch after anything: finished points are reused.")
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP", description = "Sweep YAML (base config, grid, seeds); see configs/sweep-readout.yaml")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of every point")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--concurrency", description = "Experiments at once (overrides the file)")
  Integer concurrency;

  @Option(names = "--model-slots", description = "Of those, models trained at once by the embedded worker (overrides the "
      + "file's model_slots, default 1; a remote worker's own --model-slots governs there)")
  Integer modelSlots;

  @Option(names = "--dry-run", description = "Validate every point and list them; start nothing")
  boolean dryRun;

  @Mixin LaunchOptions launch;

  @Override
  public Integer call() throws Exception {
    SweepSpec spec;
    List<SweepPoint> points;
    try {
      spec = SweepSpec.load(file, overrides);
      points = spec.expand();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    StagePolicy policy = launch.policyOrExplain();
    if (policy == null) {
      return 2;
    }
    String sweepId = SweepSpec.sweepId(points);
    if (dryRun) {
      System.out.printf("sweep %s: %d points, all valid%n", sweepId, points.size());
      points.forEach(p -> System.out.printf("  %4d  %s  %s%n", p.index(), p.runId(), p.assignment()));
      return 0;
    }
    int cap = concurrency != null ? concurrency : spec.concurrency();
    int slots = modelSlots != null ? modelSlots : spec.modelSlots();
    if (slots < 1) {
      System.err.println("--model-slots must be at least 1, got " + slots);
      return 2;
    }
    try (CortexRuntime rt = launch.open(cap, slots)) {
      String resuming = resumeLine(rt, sweepId);
      rt.store.putJson(statusKey(sweepId), java.util.Map.of("status", "running", "at", java.time.Instant.now().toString()));
      SweepActivitiesImpl.storePoints(rt.store, sweepId, points);
      List<String> stages = ExperimentLauncher.stagesFor(ConfigLoader.fromCanonicalJson(points.get(0).configJson()));
      SweepRequest req = new SweepRequest(sweepId, points.size(), cap, spec.pageSize(), stages,
          policy, 0, 0, 0);
      WorkflowStub stub = rt.client.newUntypedWorkflowStub("SweepWorkflow", WorkflowOptions.newBuilder().setWorkflowId(sweepId)
          .setTaskQueue(Stages.CPU_QUEUE).setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE).build());
      try {
        stub.start(req);
      } catch (WorkflowExecutionAlreadyStarted e) {
        stub = rt.client.newUntypedWorkflowStub(sweepId);
      }
      if (!launch.json) {
        System.out.printf("sweep %s: %d points, %d at once, stages %s%n", sweepId, points.size(), cap, String.join(" → ", stages));
        if (resuming != null) {
          System.out.println(resuming);
        }
      }
      CompletableFuture<SweepResult> f = stub.getResultAsync(SweepResult.class);
      java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
      String[] lastLine = {""};
      Thread hook = new Thread(() -> {
        if (!settled.compareAndSet(false, true)) {
          return;
        }
        if (!rt.connection.embedded()) {
          System.out.printf("%ndetached from sweep %s: it keeps running on %s; run the same command to follow it again%n", sweepId,
              rt.temporalTarget());
          return;
        }
        String at = lastLine[0].isEmpty() ? "before any point started" : "at: " + lastLine[0];
        try {
          rt.store.putJson(statusKey(sweepId), java.util.Map.of("status", "interrupted", "at", java.time.Instant.now().toString(),
              "where", at));
        } catch (Exception e) {
          System.out.println("could not record the interruption in the store: " + e);
        }
        rt.shutdownWorker(java.time.Duration.ofSeconds(1));
        System.out.printf("%nsweep %s interrupted (Ctrl-C or SIGTERM) %s; run the same command to resume (finished points and "
            + "stages are reused)%n", sweepId, at);
        System.out.flush();
      }, "cortexclust-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return follow(rt, sweepId, stub, f, settled, lastLine, new SweepTicker(rt.store, sweepId, points.size()));
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs
        }
      }
    }
  }

  static String statusKey(String sweepId) {
    return "sweeps/" + sweepId + "/status.json";
  }

  /** "resuming sweep …" when an earlier launch of this sweep did not finish; null otherwise. */
  static String resumeLine(CortexRuntime rt, String sweepId) {
    try {
      var st = rt.store.getJson(statusKey(sweepId), java.util.Map.class);
      if (st.isEmpty() || "finished".equals(st.get().get("status")) || (!rt.connection.embedded() && "running".equals(st.get().get("status")))) {
        return null;
      }
      int done = SweepActivitiesImpl.results(rt.store, sweepId).size();
      Object where = st.get().get("where");
      return "resuming sweep " + sweepId + ": " + ("interrupted".equals(st.get().get("status")) ? "interrupted " + where
          : "its earlier launch (" + st.get().get("at") + ") ended without finishing") + "; " + done
          + " points already recorded are reused (cache hits), unfinished ones continue from their stages' checkpoints";
    } catch (Exception e) {
      return null;
    }
  }

  private Integer follow(CortexRuntime rt, String sweepId, WorkflowStub stub, CompletableFuture<SweepResult> f,
      java.util.concurrent.atomic.AtomicBoolean settled, String[] lastLine, SweepTicker ticker) throws Exception {
    {
      String last = "";
      while (!f.isDone()) {
        try {
          f.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          if (!launch.json) {
            ticker.poll(System.out);
          }
          try {
            SweepProgress p = rt.client.newUntypedWorkflowStub(sweepId).query("progress", SweepProgress.class);
            String line = String.format("sweep %d/%d started, %d succeeded, %d failed, %d running", p.started(), p.total(), p.succeeded(),
                p.failed(), p.running());
            if (!launch.json && !line.equals(last)) {
              System.out.println(line);
              last = line;
              lastLine[0] = line;
            }
          } catch (Exception ignored) {
            // the workflow may be between runs (continue-as-new)
          }
        } catch (Exception e) {
          break;
        }
      }
      if (!settled.compareAndSet(false, true)) {
        return 130; // interrupted: the shutdown hook said so and recorded it
      }
      try {
        SweepResult r = f.join();
        if (!launch.json) {
          ticker.poll(System.out);
        }
        rt.store.putJson(statusKey(sweepId), java.util.Map.of("status", "finished", "at", java.time.Instant.now().toString()));
        Path report = r.tableArtifactId() == null ? null : materialise(rt, r.sweepId(), r.tableArtifactId());
        if (launch.json) {
          java.util.Map<String, Object> out = RunCommand.JSON.convertValue(r, new com.fasterxml.jackson.core.type.TypeReference<>() {});
          out.put("report", report == null ? null : report.toAbsolutePath().toString());
          System.out.println(RunCommand.JSON.writeValueAsString(out));
        } else {
          System.out.printf("sweep %s finished: %d points, %d succeeded, %d failed; table artifact %s (cortexclust lineage %s)%n",
              r.sweepId(), r.total(), r.succeeded(), r.failed(), r.tableArtifactId(), r.tableArtifactId());
          if (report != null) System.out.println("report: " + report.toAbsolutePath());
        }
        return r.failed() == 0 ? 0 : 1;
      } catch (Exception e) {
        System.err.println("sweep " + sweepId + " failed: " + ExperimentLauncher.rootMessage(e));
        return 1;
      }
    }
  }

  /**
   * Copies the sweep table artifact's files (the HTML report, the tables) out of the store to
   * {@code <home>/reports/<sweep>/}, as {@code run} does for an experiment's report; returns the HTML report's path
   * (or the folder when the table has none).
   */
  static Path materialise(CortexRuntime rt, String sweepId, String tableArtifactId) throws java.io.IOException {
    StageManifest m = rt.store.manifest(tableArtifactId);
    Path dir = LocalNames.child(rt.home().resolve("reports").toAbsolutePath().normalize(), sweepId, "sweep id");
    Files.createDirectories(dir);
    for (var o : m.outputs().entrySet()) {
      Files.copy(rt.store.localCopy(o.getValue()), LocalNames.child(dir, o.getKey(), "output of " + m.id()),
          StandardCopyOption.REPLACE_EXISTING);
    }
    return m.outputs().containsKey("sweep.html") ? dir.resolve("sweep.html") : dir;
  }
}
