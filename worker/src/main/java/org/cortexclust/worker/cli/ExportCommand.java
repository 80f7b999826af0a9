package org.cortexclust.worker.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Copy a run's artifacts out of the store: <out>/<stage>/<file>, with each manifest beside them.")
public final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN")
  String run;

  @Option(names = "--format", defaultValue = "npy", description = "npy (arrays as .npy, tables as .csv) or csv (tables only); default ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--out", description = "Output directory (default: <home>/exports/<run>)")
  Path out;

  @Mixin ConnectionOptions conn;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("npy") && !format.equals("csv")) {
      System.err.println("--format must be npy or csv, got '" + format + "'");
      return 2;
    }
    try (CortexRuntime rt = CortexRuntime.open(conn.connection(), false)) {
      RunRecord rec = StatusCommand.findRun(rt, run);
      Path dir = (out != null ? out : LocalNames.child(rt.home().resolve("exports").toAbsolutePath().normalize(), run, "run id")).toAbsolutePath().normalize();
      int n = 0;
      for (var e : rec.artifacts().entrySet()) {
        StageManifest m = rt.store.manifest(e.getValue());
        Path sd = LocalNames.child(dir, e.getKey(), "stage name of run " + run);
        Files.createDirectories(sd);
        Files.writeString(sd.resolve("manifest.json"), new String(rt.store.getIfExists(StageManifest.objectKey(m.id())).orElseThrow()));
        for (var o : m.outputs().entrySet()) {
          String name = o.getKey();
          boolean table = name.endsWith(".csv") || name.endsWith(".json") || name.endsWith(".html");
          if (format.equals("csv") && !table) {
            continue;
          }
          Files.copy(rt.store.localCopy(o.getValue()), LocalNames.child(sd, name, "output of " + m.id()), StandardCopyOption.REPLACE_EXISTING);
          n++;
        }
      }
      System.out.println("exported " + n + " files of " + rec.artifacts().size() + " artifacts to " + dir.toAbsolutePath());
      return 0;
    }
  }
}
