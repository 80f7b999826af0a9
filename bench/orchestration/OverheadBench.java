package org.cortexclust.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.workflows.contract.AlignmentActivities;
import org.cortexclust.workflows.contract.ClusteringActivities;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.DecActivities;
import org.cortexclust.workflows.contract.EvaluationActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.contract.TrainingActivities;

/**
 * Orchestration overhead per stage on the embedded default: experiments of 7 stages whose bodies write one tiny
 * output, so what is measured is workflow + activity dispatch, config parsing, manifest lookup, blob upload and
 * manifest publication ("miss"), and the same experiments again, all cache hits ("hit": dispatch + lookup only).
 * Rounds alternate miss and hit. Usage: bench/orchestration/run.sh [rounds=5]
 */
public final class OverheadBench {
  /** Every stage: write one small file. */
  public static final class NoOp implements DataActivities, TrainingActivities, AlignmentActivities, ClusteringActivities,
      DecActivities, EvaluationActivities {
    private final StageRunner runner;

    public NoOp(StageRunner runner) {
      this.runner = runner;
    }

    StageOutput run(StageInput in) {
      return runner.run(in, List.of("seed"), w -> {
        Path f = w.workDir().resolve("out.txt");
        Files.writeString(f, in.stage() + " " + in.inputs());
        w.addOutput("out.txt", f);
      });
    }

    @Override public StageOutput fetchData(StageInput in) { return run(in); }
    @Override public StageOutput train(StageInput in) { return run(in); }
    @Override public StageOutput extractEmbeddings(StageInput in) { return run(in); }
    @Override public StageOutput align(StageInput in) { return run(in); }
    @Override public StageOutput cluster(StageInput in) { return run(in); }
    @Override public StageOutput fineTune(StageInput in) { return run(in); }
    @Override public StageOutput evaluate(StageInput in) { return run(in); }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> pipeline = List.of(Stages.DATA, Stages.TRAINING, Stages.EMBEDDINGS, Stages.ALIGNMENT, Stages.CLUSTERING, Stages.DEC,
        Stages.EVALUATION);
    StageRegistry.useOnly(List.of(new StageRegistry.Entry(pipeline, NoOp::new)));
    Path home = Files.createTempDirectory("overhead");
    List<Double> miss = new ArrayList<>();
    List<Double> hit = new ArrayList<>();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    long t0 = System.nanoTime();
    try (CortexRuntime rt = CortexRuntime.open(new Connection(home, null, "default", false, null, null, null, null, -1))) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      double startup = (System.nanoTime() - t0) / 1e9;
      // warm-up (JIT, connections)
      ExperimentLauncher.runAndFollow(rt, ConfigLoader.parse("w", "seed: 999", List.of()), StagePolicy.defaults(), quiet, false);
      for (int r = 0; r < rounds; r++) {
        var cfg = ConfigLoader.parse("b", "seed: " + r, List.of());
        long a = System.nanoTime();
        RunRecord m = ExperimentLauncher.runAndFollow(rt, cfg, StagePolicy.defaults(), quiet, false);
        long b = System.nanoTime();
        RunRecord h = ExperimentLauncher.runAndFollow(rt, cfg, StagePolicy.defaults(), quiet, false);
        long c = System.nanoTime();
        if (!m.status().equals("success") || h.results().stream().anyMatch(s -> !s.cacheHit())) {
          throw new IllegalStateException("unexpected outcome: " + m.status() + " " + h.results());
        }
        miss.add((b - a) / 1e6 / pipeline.size());
        hit.add((c - b) / 1e6 / pipeline.size());
        System.err.printf("round %d: %.0f ms/stage computed, %.0f ms/stage cache hit%n", r, miss.get(r), hit.get(r));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("stages_per_experiment", pipeline.size());
      out.put("embedded_startup_s", startup);
      out.put("ms_per_stage_computed", miss);
      out.put("ms_per_stage_cache_hit", hit);
      out.put("median_ms_per_stage_computed", median(miss));
      out.put("median_ms_per_stage_cache_hit", median(hit));
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
