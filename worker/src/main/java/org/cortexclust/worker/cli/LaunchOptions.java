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

  @Option(names = "--heartbeat-seconds", defaultValue = "120", description = "A stage attempt whose worker has not heartbeated for this "
      + "long is presumed dead and retried (at least 1; default: ${DEFAULT-VALUE})")
  int heartbeatSeconds;

  @Option(names = "--retry-minutes", defaultValue = "15", description = "How long a stage failing for infrastructure reasons (store or "
      + "worker gone) keeps being retried, 2 s back-off doubling to 30 s; bad input is never retried; 0 = only --max-attempts "
      + "(default: ${DEFAULT-VALUE})")
  double retryMinutes;

  @Option(names = "--max-attempts", description = "Also cap the attempts per stage (at least 1; default: no cap, --retry-minutes bounds them)")
  Integer maxAttempts;

  @Option(names = "--stall-minutes", defaultValue = "30", description = "A running stage whose progress has not moved for this long "
      + "fails and is retried (0 = never; default: ${DEFAULT-VALUE})")
  double stallMinutes;

  /** The stall timeout of {@code --stall-minutes} (zero: never). */
  java.time.Duration stall() {
    return java.time.Duration.ofMillis(Math.round(stallMinutes * 60_000));
  }

  /** {@link #policy()}, or null after saying on stderr which flag is out of range (the command then exits with 2). */
  org.cortexclust.workflows.contract.StagePolicy policyOrExplain() {
    try {
      return policy();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return null;
    }
  }

  /** The retry and heartbeat policy of the flags; a flag out of range is an {@link IllegalArgumentException} naming it. */
  org.cortexclust.workflows.contract.StagePolicy policy() {
    if (heartbeatSeconds < 1) {
      throw new IllegalArgumentException("--heartbeat-seconds must be at least 1, got " + heartbeatSeconds);
    }
    if (maxAttempts != null && maxAttempts < 1) {
      throw new IllegalArgumentException("--max-attempts must be at least 1 (leave it out to bound retries by --retry-minutes), got "
          + maxAttempts);
    }
    if (!(retryMinutes >= 0)) {
      throw new IllegalArgumentException("--retry-minutes must be 0 or more, got " + retryMinutes);
    }
    if (retryMinutes == 0 && maxAttempts == null) {
      throw new IllegalArgumentException("--retry-minutes 0 needs --max-attempts N (otherwise nothing bounds the retries)");
    }
    if (!(stallMinutes >= 0)) {
      throw new IllegalArgumentException("--stall-minutes must be 0 (never) or more, got " + stallMinutes);
    }
    return new org.cortexclust.workflows.contract.StagePolicy(heartbeatSeconds, 48, maxAttempts == null ? 0 : maxAttempts, 2, retryMinutes);
  }

  /** Open the services (embedded: start them) and, in embedded mode, a worker on both queues. */
  CortexRuntime open(int activitySlots) throws IOException {
    return open(activitySlots, 1);
  }

  /** As above, with {@code modelSlots} models trained at once by the embedded worker. */
  CortexRuntime open(int activitySlots, int modelSlots) throws IOException {
    Logs.quietUnless(verbose);
    CortexRuntime rt = CortexRuntime.open(conn.connection());
    try {
      if (rt.connection.embedded()) {
        rt.startWorker(CortexRuntime.ALL_QUEUES, Math.max(activitySlots, Runtime.getRuntime().availableProcessors()), stall(),
            modelSlots);
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
