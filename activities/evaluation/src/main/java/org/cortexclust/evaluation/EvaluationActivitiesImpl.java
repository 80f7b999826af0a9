package org.cortexclust.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.EvaluationConfig;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.evaluation.io.ExperimentReader;
import org.cortexclust.evaluation.report.ClusterMetricsScorer;
import org.cortexclust.evaluation.report.DecRecord;
import org.cortexclust.evaluation.report.ExperimentAnalysis;
import org.cortexclust.evaluation.report.ExperimentFindings;
import org.cortexclust.evaluation.report.ExperimentReport;
import org.cortexclust.evaluation.report.ExperimentSummary;
import org.cortexclust.evaluation.report.HtmlReport;
import org.cortexclust.evaluation.report.NeuronTable;
import org.cortexclust.evaluation.report.ReportOptions;
import org.cortexclust.workflows.contract.EvaluationActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * Evaluation stage adapter: reads whatever exists of the dataset, model, embeddings, aligned, clustering and dec
 * artifacts, computes the answers, and publishes {@code report.html}, {@code summary.json} and {@code neurons.csv}.
 * Headline metrics: {@code rho_st_val}, {@code rho_st_test}, {@code corr_to_avg}, and per clustering result
 * {@code <METHOD_K>.silhouette}, {@code .stability} (from k-selection), {@code .ari} (ground truth),
 * {@code .kw_epsilon2}; on simulated data {@code oracle_rho_st} (the simulator's noise ceiling over the test trials)
 * and {@code rho_st_test_over_oracle}.
 */
public final class EvaluationActivitiesImpl implements EvaluationActivities {
  /** Inputs the evaluation reads when the workflow passes them. */
  public static final List<String> INPUTS = List.of("dataset", "model", "embeddings", "aligned", "clustering", "dec");

  /** Neurons in the preview of summary.json (sweep t-SNE grid, cross-seed ARI). */
  static final int PREVIEW_POINTS = 2000;

  /** Neurons scored for DEC before/after silhouettes. */
  static final int SILHOUETTE_SAMPLE = 2000;

  private final StageRunner runner;

  public EvaluationActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput evaluate(StageInput in) {
    return runner.run(in, List.of("seed", "evaluation"), work -> run(in, work));
  }

  static void run(StageInput in, StageWork work) throws IOException {
    EvaluationConfig c = work.config().evaluation();
    ReportOptions o = new ReportOptions(c.performanceMetric(), c.quantileBins(), c.permutations(), c.alpha(),
        c.primaryClustering(), c.maxScatterPoints(), c.histogramBins(), work.seed());
    Map<String, String> config = ConfigLoader.fromCanonicalJson(in.configJson()).flatten();
    config.replaceAll((k, v) -> org.cortexclust.common.store.Redaction.text(v)); // the report shows no token of a source URL
    Map<String, String> lineage = new LinkedHashMap<>();
    Map<String, Double> timings = new LinkedHashMap<>();
    for (String name : INPUTS) {
      if (in.inputs().containsKey(name)) {
        StageManifest m = work.inputManifest(name);
        lineage.put(name, m.id());
        seconds(m).ifPresent(s -> timings.put(m.stage(), s));
      }
    }
    ExperimentReader.InputFiles files = (input, file) -> {
      if (!in.inputs().containsKey(input) || !work.inputManifest(input).outputs().containsKey(file)) {
        return Optional.empty();
      }
      return Optional.of(work.inputFile(input, file));
    };
    double before = metric(work, in, "embeddings", "rho_st_test");
    double after = metric(work, in, "dec", "rho_st_test");
    String tier = DecRecord.TEST;
    if (Double.isNaN(after) && Double.isFinite(metric(work, in, "dec", "rho_st_val"))) {
      // no test responses (video data): the DEC cost on the validation score the DEC stage tracked before/after
      before = metric(work, in, "dec", "rho_st_val_before");
      after = metric(work, in, "dec", "rho_st_val");
      tier = DecRecord.VALIDATION;
    }
    double lambda = config.entrySet().stream()
        .filter(e -> e.getKey().startsWith("dec.") && e.getKey().contains("lambda"))
        .mapToDouble(e -> parse(e.getValue())).findFirst().orElse(Double.NaN);
    ExperimentReport report = ExperimentReader.read(in.runId(), config.getOrDefault("name", ""), config, lineage,
        timings, files, new ExperimentReader.Facts(before, after, lambda, SILHOUETTE_SAMPLE, tier,
            metric(work, in, "dec", "delta_rho_st_val"), !"false".equals(config.get("alignment.normalise")),
            testCeiling(work, in)), work.seed());
    work.progress().report("evaluation", 1, 3, Map.of("neurons", (double) report.neurons().size()));
    ExperimentFindings f = ExperimentAnalysis.analyze(report, o, ClusterMetricsScorer.INSTANCE);
    work.progress().report("evaluation", 2, 3, Map.of());

    Path html = work.workDir().resolve("report.html");
    HtmlReport.write(html, report, f, o);
    Path summary = work.workDir().resolve("summary.json");
    ExperimentSummary s = ExperimentSummary.of(report, f, PREVIEW_POINTS);
    s.write(summary);
    Path neurons = work.workDir().resolve("neurons.csv");
    NeuronTable.write(neurons, report);
    work.addOutput("report.html", html);
    work.addOutput("summary.json", summary);
    work.addOutput("neurons.csv", neurons);

    putMetric(work, "rho_st_val", f.rhoStVal().mean());
    putMetric(work, "rho_st_test", f.rhoStTest().mean());
    putMetric(work, "corr_to_avg", f.corrToAvg().mean());
    putMetric(work, "oracle_rho_st", report.oracleRhoSt());
    putMetric(work, "rho_st_test_over_oracle", report.overOracle(f.rhoStTest().mean()));
    for (ExperimentSummary.Clustering cl : s.clusterings()) {
      for (var q : cl.quality().entrySet()) {
        String m = q.getKey().toLowerCase();
        if ((m.contains("silhouette") || m.contains("stability")) && !m.endsWith("_sd")) {
          putMetric(work, cl.column() + "." + q.getKey(), q.getValue());
        }
      }
      Double ari = s.truth() == null || s.truth().clusterings().get(cl.column()) == null ? null
          : s.truth().clusterings().get(cl.column()).get("ARI");
      if (ari != null) {
        putMetric(work, cl.column() + ".ari", ari);
      }
      if (cl.epsilonSquared() != null) {
        putMetric(work, cl.column() + ".kw_epsilon2", cl.epsilonSquared());
      }
    }
    work.progress().report("evaluation", 3, 3, Map.of());
  }

  private static void putMetric(StageWork work, String name, double v) {
    if (Double.isFinite(v)) {
      work.metric(name, v);
    }
  }

  /**
   * The ceiling that test ρ_st is measured against: the embeddings' ceiling over the test trials, else (embeddings made
   * before tier ceilings existed) over all trials; NaN on real data.
   */
  private static double testCeiling(StageWork work, StageInput in) throws IOException {
    double test = metric(work, in, "embeddings", "oracle_rho_st_test");
    return Double.isFinite(test) ? test : metric(work, in, "embeddings", "oracle_rho_st");
  }

  private static double metric(StageWork work, StageInput in, String input, String name) {
    if (!in.inputs().containsKey(input)) {
      return Double.NaN;
    }
    Double v = work.inputManifest(input).metrics().get(name);
    return v == null ? Double.NaN : v;
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static Optional<Double> seconds(StageManifest m) {
    try {
      if (m.startedAt() == null || m.finishedAt() == null) {
        return Optional.empty();
      }
      return Optional.of(Duration.between(Instant.parse(m.startedAt()), Instant.parse(m.finishedAt())).toMillis() / 1000.0);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
