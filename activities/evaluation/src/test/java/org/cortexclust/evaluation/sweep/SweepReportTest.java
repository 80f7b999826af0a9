package org.cortexclust.evaluation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortexclust.evaluation.io.CsvTable;
import org.cortexclust.evaluation.report.DecRecord;
import org.cortexclust.evaluation.report.ExperimentAnalysis;
import org.cortexclust.evaluation.report.ExperimentReport;
import org.cortexclust.evaluation.report.ExperimentSummary;
import org.cortexclust.evaluation.report.NeuronRecord;
import org.cortexclust.evaluation.report.ReportOptions;
import org.cortexclust.evaluation.report.SyntheticExperiment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A readout × γ × λ sweep of planted experiments: ρ_st rises with γ by a known amount (+0.01 per decade for
 * factorised, −0.01 for gaussian), DEC costs 0.001·λ·10 in ρ_st and gains 0.1·λ·10 in silhouette.
 */
class SweepReportTest {
  static List<ExperimentSummary> summaries = new ArrayList<>();

  @BeforeAll
  static void build() throws Exception {
    ReportOptions o = new ReportOptions("rho_st_test", 4, 20, 0.05, null, 20000, 30, 1);
    long seed = 0;
    for (String readout : List.of("gaussian", "factorised")) {
      for (double gamma : new double[] {0.1, 1, 10}) {
        for (double lambda : new double[] {0.01, 0.1}) {
          ++seed;
          // Two training seeds per configuration: same neurons, the second with 20 % of labels reassigned.
          for (int trainingSeed = 1; trainingSeed <= 2; trainingSeed++) {
            summaries.add(point(readout, gamma, lambda, seed, trainingSeed, o));
          }
        }
      }
    }
  }

  static ExperimentSummary point(String readout, double gamma, double lambda, long seed, int trainingSeed,
      ReportOptions o) {
    ExperimentReport b = SyntheticExperiment.build(300, 3 + (int) Math.round(Math.log10(gamma)) + 1, seed);
    double shift = (readout.equals("factorised") ? 0.01 : -0.01) * Math.log10(gamma);
    List<NeuronRecord> n = b.neurons().stream().map(x -> new NeuronRecord(x.index(), x.mouse(), x.unitId(),
        x.readoutX(), x.readoutY(), x.rhoStVal() + shift, x.rhoStTest() + shift, x.corrToAvg(), null,
        Double.NaN, x.rotation())).toList();
    Map<String, int[]> labels = new LinkedHashMap<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed * 31 + trainingSeed);
    for (var e : b.labels().entrySet()) {
      int[] l = e.getValue().clone();
      int k = ExperimentReport.kOf(e.getKey());
      for (int i = 0; trainingSeed > 1 && i < l.length; i++) {
        if (rnd.nextDouble() < 0.2) {
          l[i] = rnd.nextInt(k);
        }
      }
      labels.put(e.getKey(), l);
    }
    double before = n.stream().mapToDouble(NeuronRecord::rhoStTest).average().orElseThrow();
    DecRecord dec = new DecRecord(lambda, b.dec().baselineColumn(), b.dec().decColumn(), before,
        before - 0.01 * lambda, Map.of("silhouette", 0.3), Map.of("silhouette", 0.3 + lambda));
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("name", "sweep point " + seed);
    cfg.put("seed", String.valueOf(trainingSeed));
    cfg.put("training.readout", readout);
    cfg.put("training.gamma", String.valueOf(gamma));
    cfg.put("dec.lambda", String.valueOf(lambda));
    ExperimentReport r = new ExperimentReport(String.format("run-%02d-s%d", seed, trainingSeed), "p" + seed, cfg,
        Map.of("dataset", "data-" + seed), n, labels, b.history(), b.kSelection(), b.tsne(), b.decHistory(), dec,
        b.timings());
    return ExperimentSummary.of(r, ExperimentAnalysis.analyze(r, o), 300);
  }

  /** Identical labels up to renaming give ARI 1; the planted 20 % reassignment lowers it; data seeds never pair. */
  @Test
  void crossSeedAriOnSharedNeurons() {
    ReportOptions o = new ReportOptions("rho_st_test", 4, 0, 0.05, null, 20000, 30, 1);
    ExperimentSummary a = point("gaussian", 1, 0.1, 50, 1, o);
    ExperimentSummary b = point("gaussian", 1, 0.1, 50, 2, o);
    List<CrossSeedStability.Row> rows = CrossSeedStability.compute(List.of(a, b));
    assertEquals(a.preview().labels().size(), rows.size());
    for (CrossSeedStability.Row r : rows) {
      assertEquals(1, r.pairs());
      assertEquals(300, r.neurons());
      assertEquals(org.cortexclust.clustering.metrics.ClusterMetrics.adjustedRandIndex(
          a.preview().labels().get(r.column()), b.preview().labels().get(r.column())), r.meanAri(), 1e-12);
      assertTrue(r.meanAri() > 0.3 && r.meanAri() < 0.95, r.toString());
    }
    ExperimentSummary same = point("gaussian", 1, 0.1, 50, 1, o);
    ExperimentSummary renamed = new ExperimentSummary(List.of(), "x", "", Map.of("seed", "9", "training.readout", "gaussian",
        "training.gamma", "1.0", "dec.lambda", "0.1", "name", "sweep point 50"), same.lineage(), same.neurons(), same.mice(),
        same.metric(), same.rhoStVal(), same.rhoStTest(), same.oracleRhoSt(), same.rhoStTestOverOracle(), same.trainingEpochs(),
        same.corrToAvg(), same.primary(), same.clusterings(),
        same.bestK(), same.dec(), same.timings(), new ExperimentSummary.Preview(same.preview().index(), null, null,
            same.preview().column(), Map.of("kmeans_3", java.util.Arrays.stream(same.preview().labels().get("kmeans_3"))
                .map(v -> 2 - v).toArray())), same.truth(), same.structure());
    List<CrossSeedStability.Row> r2 = CrossSeedStability.compute(List.of(same, renamed));
    assertEquals(1, r2.size());
    assertEquals(1.0, r2.get(0).meanAri(), 1e-12);
    assertTrue(CrossSeedStability.isSeedKey("training.seed") && !CrossSeedStability.isSeedKey("data.simulate.seed"));
  }

  @Test
  void axesAreDetectedFromTheVariedKeys() {
    SweepReport.Axes a = SweepReport.axes(summaries, null, null, null);
    assertEquals(new SweepReport.Axes("training.readout", "training.gamma", "dec.lambda"), a);
    assertEquals(List.of("dec.lambda", "seed", "training.gamma", "training.readout"), SweepTable.variedKeys(summaries));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SweepReport.axes(summaries, "training.readout_type", null, null));
    assertTrue(e.getMessage().contains("training.readout_type"));
  }

  @Test
  void tableHasOneRowPerExperimentAndTheKnownNumbers(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sweep.csv");
    SweepTable.write(f, summaries);
    CsvTable t = CsvTable.read(f);
    assertEquals(24, t.size());
    assertTrue(t.has("config.training.gamma") && t.has("best_k.kmeans.silhouette") && t.has("dec_gain.silhouette"));
    for (int r = 0; r < t.size(); r++) {
      double lambda = t.number(r, "dec_lambda");
      assertEquals(-0.01 * lambda, t.number(r, "dec_rho_st_change"), 1e-12);
      assertEquals(summaries.get(r).dec().rhoTier(), t.string(r, "dec_rho_tier"), "which trials the DEC ρ_st columns score");
      assertEquals(lambda, t.number(r, "dec_gain.silhouette"), 1e-12);
      // Planted number of types = best k: 3 + log10 γ + 1.
      double gamma = t.number(r, "config.training.gamma");
      assertEquals(4 + Math.round(Math.log10(gamma)), t.integer(r, "best_k.kmeans.silhouette", -1));
    }
  }

  @Test
  void writeAllReadsSummaryFilesAndWritesCsvAndHtml(@TempDir Path dir) throws Exception {
    List<Path> files = new ArrayList<>();
    for (ExperimentSummary s : summaries) {
      Path f = dir.resolve(s.runId() + ".json");
      s.write(f);
      files.add(f);
    }
    Path html = SweepReport.writeAll(dir.resolve("out"), "t", files, null, null, null);
    assertTrue(Files.readString(html).contains("fig-tsne-grid"));
    assertEquals(24, CsvTable.read(dir.resolve("out").resolve("sweep.csv")).size());
    assertTrue(CsvTable.read(dir.resolve("out").resolve("stability.csv")).size() > 0);
  }

  @Test
  void reportDrawsTheGridAndTheCurves() throws Exception {
    SweepReport.Axes a = SweepReport.axes(summaries, null, null, null);
    String html = SweepReport.render("readout × γ", summaries, a);
    for (String id : SweepReport.FIGURES) {
      Matcher m = Pattern.compile("<figure id=\"" + id + "\"([^>]*)>(.*?)</figure>", Pattern.DOTALL).matcher(html);
      assertTrue(m.find(), id);
      assertFalse(m.group(1).contains("absent"), id + " is absent");
      assertTrue(m.group(2).contains("<svg"), id);
    }
    Matcher grid = Pattern.compile("<figure id=\"fig-tsne-grid\"[^>]*>(.*?)</figure>", Pattern.DOTALL).matcher(html);
    assertTrue(grid.find());
    assertEquals(6, Pattern.compile("<svg").matcher(grid.group(1)).results().count(), "2 readouts × 3 γ");
    assertTrue(html.contains("chosen on validation") && html.contains("(n = 2 seeds)"),
        "best configuration chosen on validation, averaged over its seeds");
    // One Spearman line per readout type.
    assertTrue(html.contains("<b>factorised</b>: Spearman"), html.substring(0, 2000));
    assertFalse(html.toLowerCase().contains("<script"));
    Path out = Path.of("target", "sweep-sample.html");
    Files.createDirectories(out.getParent());
    Files.writeString(out, html);
  }

  static ExperimentSummary with(ExperimentSummary x, String runId, Map<String, String> config, double val, double test) {
    return new ExperimentSummary(x.headline(), runId, x.title(), config, x.lineage(), x.neurons(), x.mice(), x.metric(),
        val, test, x.oracleRhoSt(), x.rhoStTestOverOracle(), x.trainingEpochs(), x.corrToAvg(), x.primary(), x.clusterings(), x.bestK(), x.dec(), x.timings(), x.preview(), x.truth(),
        x.structure());
  }

  /** On simulated data each row carries the noise ceiling and test ρ_st over it, apart; the ρ_st figure names both. */
  @Test
  void theOracleIsATruthColumnAndTheRhoFigureNamesIt(@TempDir Path dir) throws Exception {
    List<ExperimentSummary> s = new ArrayList<>();
    for (ExperimentSummary x : summaries) {
      s.add(new ExperimentSummary(x.headline(), x.runId(), x.title(), x.config(), x.lineage(), x.neurons(), x.mice(),
          x.metric(), x.rhoStVal(), x.rhoStTest(), 0.5, x.rhoStTest() / 0.5, 17, x.corrToAvg(), x.primary(),
          x.clusterings(), x.bestK(), x.dec(), Map.of("training", 10.0, "clustering", 2.0), x.preview(), x.truth(),
          x.structure()));
    }
    Path f = dir.resolve("sweep.csv");
    SweepTable.write(f, s);
    CsvTable t = CsvTable.read(f);
    List<String> h = t.header();
    assertTrue(h.indexOf("truth.oracle_rho_st") > h.indexOf("seconds_total"), h.toString());
    double best = 0;
    for (int r = 0; r < t.size(); r++) {
      assertEquals(0.5, t.number(r, "truth.oracle_rho_st"), 0);
      assertEquals(t.number(r, "rho_st_test") / 0.5, t.number(r, "truth.rho_st_test_over_oracle"), 1e-12);
      assertEquals(10.0, t.number(r, "seconds_training"), 0);
      assertEquals(17, t.integer(r, "training_epochs", -1));
      assertEquals(12.0, t.number(r, "seconds_total"), 0);
      best = Math.max(best, t.number(r, "truth.rho_st_test_over_oracle"));
    }
    String note = SweepReport.oracleNote(s);
    assertTrue(note.contains("noise ceiling") && note.contains("0.5;") && note.contains(org.cortexclust.evaluation.plot.Svg.num(best, 2) + " of it"), note);
    // real data: no ceiling, no columns, no sentence
    SweepTable.write(f, summaries);
    assertFalse(CsvTable.read(f).has("truth.oracle_rho_st"));
    assertEquals("", SweepReport.oracleNote(summaries));
  }

  /** Acceptance (c): the test-best configuration differs from the validation-best; the report picks the latter. */
  @Test
  void theBestConfigurationIsChosenOnValidationAndSaysSo() {
    ExperimentSummary b = summaries.get(0);
    List<ExperimentSummary> s = new ArrayList<>();
    double[][] valTest = {{0.30, 0.25}, {0.31, 0.26}, {0.27, 0.29}, {0.26, 0.30}}; // A: best val; B: best test
    for (int i = 0; i < 4; i++) {
      String gamma = i < 2 ? "0.1" : "10.0";
      s.add(with(b, "run-" + i, Map.of("seed", String.valueOf(1 + i % 2), "training.gamma", gamma), valTest[i][0],
          valTest[i][1]));
    }
    String html = SweepReport.render("c", s, SweepReport.axes(s, null, null, null));
    Matcher card = Pattern.compile("<div class=\"card\" id=\"ans-best-config\">(.*?)</div>\n", Pattern.DOTALL).matcher(html);
    assertTrue(card.find());
    String c = card.group(1);
    assertTrue(c.contains("<b>gamma = 0.1</b>, chosen on validation"), c);
    assertTrue(c.contains("0.255"), "reports the chosen configuration's own test mean: " + c);
    assertTrue(c.contains("id=\"test-best-differs\"") && c.contains("<i>test</i> ρ<sub>st</sub> is gamma = 10.0"), c);
  }

  /**
   * study-static's shape: a key that goes with the row (the grid predictor, on for the Gaussian readout only) keeps
   * that row on the grid, and a core regulariser changed at one γ of the other row is answered apart.
   */
  @Test
  void aKeyThatGoesWithTheRowKeepsItOnTheGrid() {
    ExperimentSummary b = summaries.get(0);
    List<ExperimentSummary> s = new ArrayList<>();
    int i = 0;
    for (String readout : List.of("factorised", "gaussian")) {
      for (String gamma : List.of("0.5", "5.0")) {
        for (String seed : List.of("1", "2")) {
          s.add(with(b, "run-" + i++, Map.of("seed", seed, "training.readout", readout, "training.gamma", gamma,
              "training.grid", String.valueOf(readout.equals("gaussian")), "training.gamma_input", "6.4"), 0.3, 0.3));
        }
      }
    }
    for (String seed : List.of("1", "2")) {
      s.add(with(b, "run-" + i++, Map.of("seed", seed, "training.readout", "factorised", "training.gamma", "0.5",
          "training.grid", "false", "training.gamma_input", "64"), 0.3, 0.3));
    }
    SweepReport.Axes a = new SweepReport.Axes("training.readout", "training.gamma", null);
    List<String> on = SweepReport.onGrid(s, a).stream().map(ExperimentSummary::runId).toList();
    assertEquals(8, on.size(), String.valueOf(on));
    assertFalse(on.contains("run-8") || on.contains("run-9"), "the gamma_input points are off the grid: " + on);
  }
}
