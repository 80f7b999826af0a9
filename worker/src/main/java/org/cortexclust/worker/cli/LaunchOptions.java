package org.cortexclust.worker.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.RunRecord;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every launching command shares: output mode, verbosity, connection, and how a finished run is printed. */
public class LaunchOptions {
  @Option(names = "--json", description = "Print a machine-readable summary at the end")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Also print the worker's log lines")
  boolean verbose;

  @Mixin ConnectionOptions conn;

  /** Open the services (embedded: start them) and, in embedded mode, a worker on both queues. */
  CortexRuntime open(int activitySlots) throws IOException {
    Logs.quietUnless(verbose);
    CortexRuntime rt = CortexRuntime.open(conn.connection());
    try {
      if (rt.connection.embedded()) {
        rt.startWorker(CortexRuntime.ALL_QUEUES, Math.max(activitySlots, Runtime.getRuntime().availableProcessors()));
      }
      return rt;
    } catch (IOException | RuntimeException e) {
      rt.close();
      throw e;
    }
  }

  /** Print the outcome (JSON summary, or a line and the report path) and return the exit code. */
  int finish(CortexRuntime rt, RunRecord rec, String verb, Map<String, Object> extra) throws Exception {
    if (json) {
      Map<String, Object> s = RunCommand.summary(rec, rt);
      s.putAll(extra);
      System.out.println(RunCommand.JSON.writeValueAsString(s));
    } else {
      System.out.println(rec.status().equals("success") ? verb + " " + rec.runId() + ": " + RunCommand.cacheLine(rec.results())
          : rec.runId() + " " + rec.status() + ": " + rec.error());
      if (rec.artifacts().containsKey("evaluation")) {
        System.out.println("report: " + ReportCommand.materialise(rt, rec).toAbsolutePath());
      }
      extra.forEach((k, v) -> System.out.println(k + ": " + v));
    }
    return rec.status().equals("success") ? 0 : 1;
  }

  static Map<String, Object> none() {
    return new LinkedHashMap<>();
  }
}
