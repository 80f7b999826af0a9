package org.cortexclust.worker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Write a run's HTML report under the home and print its path.")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "Experiment id (see 'status')")
  String run;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    try (CortexRuntime rt = CortexRuntime.open(conn.connection(), false)) {
      RunRecord rec = StatusCommand.findRun(rt, run);
      if (!rec.artifacts().containsKey("evaluation")) {
        System.err.println("run " + run + " has no evaluation artifact (status " + rec.status() + "; stages done: "
            + rec.artifacts().keySet() + ")");
        return 1;
      }
      System.out.println(materialise(rt, rec).toAbsolutePath());
      return 0;
    }
  }

  /** Copy the report of a run out of the store to {@code <home>/reports/<run>/report.html}. */
  static Path materialise(CortexRuntime rt, RunRecord rec) throws IOException {
    StageManifest m = rt.store.manifest(rec.artifacts().get("evaluation"));
    Path dir = LocalNames.child(rt.home().resolve("reports").toAbsolutePath().normalize(), rec.runId(), "run id");
    Files.createDirectories(dir);
    Path dest = dir.resolve("report.html");
    Files.copy(rt.store.localCopy(m.output("report.html")), dest, StandardCopyOption.REPLACE_EXISTING);
    return dest;
  }
}
