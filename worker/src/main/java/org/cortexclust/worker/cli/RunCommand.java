package org.cortexclust.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.worker.CortexRuntime;
import org.cortexclust.worker.ExperimentLauncher;
import org.cortexclust.worker.RunRecord;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one experiment and follow its progress.")
public final class RunCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment YAML (e.g. configs/quickstart.yaml)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any config key (validated like the file)")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--reprocess", defaultValue = "completed", description = "If a run of this config exists on the server: none (keep it), "
      + "failed (re-run only a failed one) or completed (re-run; finished stages are cache hits); default ${DEFAULT-VALUE}")
  String reprocess;

  @Mixin LaunchOptions launch;

  @Override
  public Integer call() throws Exception {
    LoadedConfig cfg;
    try {
      cfg = ConfigLoader.load(config, overrides);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    StagePolicy policy = launch.policyOrExplain();
    if (policy == null) {
      return 2;
    }
    io.temporal.api.enums.v1.WorkflowIdReusePolicy reuse;
    try {
      reuse = org.cortexclust.worker.AirflowDag.reusePolicy(reprocess);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try (CortexRuntime rt = launch.open(1)) {
      if (!launch.json) {
        System.out.printf("home %s · store %s · temporal %s%n", rt.home(), rt.s3Endpoint(), rt.temporalTarget());
      }
      RunRecord rec = ExperimentLauncher.runAndFollow(rt, cfg, policy, System.out, !launch.json, ExperimentLauncher.runId(cfg), reuse);
      return launch.finish(rt, rec, "experiment finished", LaunchOptions.none());
    }
  }

  static String cacheLine(List<StageOutput> stages) {
    long hits = stages.stream().filter(StageOutput::cacheHit).count();
    return stages.size() + " stages, " + hits + " cache hits";
  }

  static Map<String, Object> summary(RunRecord rec, CortexRuntime rt) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", rec.runId());
    m.put("status", rec.status());
    m.put("config_sha256", rec.configSha256());
    List<Map<String, Object>> stages = new ArrayList<>();
    for (StageOutput s : rec.results()) {
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("stage", s.stage());
      st.put("artifact_id", s.artifactId());
      st.put("cache_hit", s.cacheHit());
      st.put("seconds", s.seconds());
      st.put("metrics", s.metrics());
      stages.add(st);
    }
    m.put("stages", stages);
    if (rec.error() != null) {
      m.put("error", rec.error());
    }
    if (rec.artifacts().containsKey("evaluation")) {
      m.put("report", ReportCommand.materialise(rt, rec).toAbsolutePath().toString());
    }
    return m;
  }
}
