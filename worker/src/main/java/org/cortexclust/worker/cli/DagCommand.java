package org.cortexclust.worker.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cortexclust.worker.AirflowDag;
import org.cortexclust.workflows.contract.StagePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dag", mixinStandardHelpOptions = true, description = "Airflow compatibility: export the stage graph.",
    subcommands = DagCommand.Export.class)
public final class DagCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write the stage graph as JSON (" + AirflowDag.DAG_ID + ".json) and as an Airflow DAG file (" + AirflowDag.DAG_ID + ".py).")
  static final class Export implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "dags", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--cli", defaultValue = "cortexclust", description = "How Airflow workers call cortexclust (default: ${DEFAULT-VALUE})")
    String cli;

    @Override
    public Integer call() throws Exception {
      Files.createDirectories(out);
      StagePolicy p = StagePolicy.defaults();
      Path json = out.resolve(AirflowDag.DAG_ID + ".json");
      Path py = out.resolve(AirflowDag.DAG_ID + ".py");
      Files.writeString(json, RunCommand.JSON.writeValueAsString(AirflowDag.graph(p)) + "\n");
      Files.writeString(py, AirflowDag.python(p, cli));
      System.out.println("wrote " + json.toAbsolutePath() + "\nwrote " + py.toAbsolutePath());
      return 0;
    }
  }
}
