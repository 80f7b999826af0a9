package org.cortexclust.worker.cli;

import java.util.concurrent.Callable;
import org.cortexclust.common.lineage.Lineage;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = "Walk manifests from an artifact (or a run's last artifact) back to the raw data.")
public final class LineageCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ARTIFACT|RUN", description = "Artifact id (e.g. training-…) or experiment id (exp-…)")
  String id;

  @Option(names = "--format", defaultValue = "text", description = "text, json or dot (Graphviz); default: ${DEFAULT-VALUE}")
  String format;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    if (!format.matches("text|json|dot")) {
      System.err.println("--format must be text, json or dot, got '" + format + "'");
      return 2;
    }
    try (CortexRuntime rt = CortexRuntime.open(conn.connection(), false)) {
      String root = id;
      if (id.startsWith("exp-")) {
        RunRecord r = StatusCommand.findRun(rt, id);
        if (r.results().isEmpty()) {
          System.err.println("run " + id + " has no finished stage yet");
          return 1;
        }
        root = r.results().get(r.results().size() - 1).artifactId();
      }
      Lineage l = Lineage.walk(rt.store, root);
      System.out.print(switch (format) {
        case "json" -> l.toJson();
        case "dot" -> l.toDot();
        default -> l.toText();
      });
      return 0;
    }
  }
}
