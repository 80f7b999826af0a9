package org.cortexclust.worker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.worker.AirflowDag;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.ExperimentLauncher;
import org.cortexclust.worker.RunRecord;
import org.cortexclust.workflows.contract.StagePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "trigger", mixinStandardHelpOptions = true,
    description = "Start a run from an Airflow-style conf (what the exported DAG's trigger task calls).")
public final class TriggerCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DAG_ID", description = "Must be " + AirflowDag.DAG_ID)
  String dagId;

  @Option(names = "--conf", required = true, paramLabel = "JSON", description = "The experiment config as JSON (validated like a YAML config)")
  String conf;

  @Option(names = "--run-id", description = "Run id (Airflow's run_id); default: derived from the config")
  String runId;

  @Option(names = "--logical-date", description = "Airflow's logical date; recorded as the run's name suffix")
  String logicalDate;

  @Option(names = "--reprocess", defaultValue = "failed", description = "If a run with this id exists: none (keep it), failed (re-run only if it "
      + "failed) or completed (re-run always); default ${DEFAULT-VALUE}")
  String reprocess;

  @Option(names = "--no-wait", description = "Return once started (remote mode only; the embedded server lives in this process)")
  boolean noWait;

  @Mixin LaunchOptions launch;

  @Override
  public Integer call() throws Exception {
    if (!AirflowDag.DAG_ID.equals(dagId)) {
      System.err.println("unknown DAG '" + dagId + "'; cortexclust exports one DAG: " + AirflowDag.DAG_ID);
      return 2;
    }
    LoadedConfig cfg;
    try {
      LoadedConfig parsed = ConfigLoader.parse("--conf", conf, List.of());
      // the logical date is kept with the run (in its name; stage caches do not depend on the name)
      cfg = logicalDate == null ? parsed
          : ConfigLoader.parse("--conf", conf, List.of("name=" + parsed.config().name() + " @ " + logicalDate));
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    var reuse = AirflowDag.reusePolicy(reprocess);
    StagePolicy policy = launch.policyOrExplain();
    if (policy == null) {
      return 2;
    }
    String id = runId != null ? runId : ExperimentLauncher.runId(cfg);
    try (CortexRuntime rt = launch.open(1)) {
      if (!rt.connection.embedded() && noWait) {
        var stub = rt.client.newUntypedWorkflowStub("ExperimentWorkflow", io.temporal.client.WorkflowOptions.newBuilder()
            .setWorkflowId(id).setTaskQueue(org.cortexclust.workflows.contract.Stages.CPU_QUEUE).setWorkflowIdReusePolicy(reuse).build());
        var req = ExperimentLauncher.request(cfg, policy);
        stub.start(new org.cortexclust.workflows.experiment.ExperimentRequest(id, req.configJson(), req.stages(), req.policy()));
        System.out.println("started " + id);
        return 0;
      }
      RunRecord rec = ExperimentLauncher.runAndFollow(rt, cfg, policy, System.out, !launch.json, id, reuse);
      return launch.finish(rt, rec, "run finished", LaunchOptions.none());
    }
  }
}
