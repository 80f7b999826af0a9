package org.cortexclust.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.evaluation.io.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSummaryTest {
  private static final ReportOptions OPT = new ReportOptions("rho_st_test", 4, 50, 0.05, null, 20000, 40, 3);

  @Test
  void summaryJsonRoundTripsAndUsesSnakeCase(@TempDir Path dir) throws Exception {
    ExperimentReport r = SyntheticExperiment.build(400, 4, 3);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, OPT);
    ExperimentSummary s = ExperimentSummary.of(r, f, 150);
    Path file = dir.resolve("summary.json");
    s.write(file);
    String json = Files.readString(file);
    assertTrue(json.contains("\"rho_st_test\""), json.substring(0, 300));
    assertTrue(json.contains("\"best_k\""));
    ExperimentSummary back = ExperimentSummary.read(file);
    assertEquals(s.runId(), back.runId());
    assertEquals(s.rhoStTest(), back.rhoStTest());
    assertEquals(s.clusterings().size(), back.clusterings().size());
    assertEquals(s.clustering("dec_4").kruskalH(), back.clustering("dec_4").kruskalH());
    assertEquals(0.35, back.clustering("kmeans_4").quality().get("silhouette"), 1e-12);
    assertEquals(-0.003, back.dec().rhoStChange(), 1e-12);
    assertEquals(150, back.preview().x().length);
    assertEquals("kmeans_4", back.preview().column(), "preview uses the best-silhouette k-means");
    assertNotNull(back.truth().clusterings().get("dec_4").get("purity"), "truth scores live in the truth section");
    assertTrue(back.clusterings().stream().allMatch(c -> c.quality().keySet().stream().noneMatch(k -> k.endsWith("_gt"))));
    assertNotNull(back.dec().gainIntervals().get("silhouette_pre_dec_space"));
    assertNotNull(back.structure());
    assertEquals(s.headline(), back.headline());
    assertTrue(back.headline().get(0).startsWith("test rho_st "), back.headline().toString());
    assertTrue(back.headline().stream().anyMatch(l -> l.startsWith("performance vs dec_4: Kruskal-Wallis H ")));
    assertTrue(back.headline().stream().anyMatch(l -> l.startsWith("best k: gmm: ")));
    assertTrue(back.headline().stream().anyMatch(l -> l.startsWith("DEC (lambda 0.1): ")), back.headline().toString());
  }

  @Test
  void missingNumbersBecomeNull() throws Exception {
    ExperimentReport base = SyntheticExperiment.build(60, 2, 1);
    List<NeuronRecord> noTest = base.neurons().stream().map(n -> new NeuronRecord(n.index(), n.mouse(), n.unitId(),
        n.readoutX(), n.readoutY(), n.rhoStVal(), Double.NaN, Double.NaN, null, Double.NaN, Double.NaN)).toList();
    ExperimentReport r = new ExperimentReport("x", "", null, null, noTest, base.labels(), null, null, null, null, null,
        null);
    ExperimentSummary s = ExperimentSummary.of(r, ExperimentAnalysis.analyze(r, OPT), 100);
    assertNull(s.rhoStTest());
    String json = s.toJson();
    assertTrue(json.contains("\"rho_st_test\" : null"), json);
    assertNull(ExperimentSummary.fromJson(json).rhoStTest());
  }

  @Test
  void neuronTableHasOneRowPerNeuronAndEveryResultColumn(@TempDir Path dir) throws Exception {
    ExperimentReport r = SyntheticExperiment.build(120, 3, 5);
    Path file = dir.resolve("neurons.csv");
    NeuronTable.write(file, r);
    CsvTable t = CsvTable.read(file);
    assertEquals(120, t.size());
    for (String c : r.labels().keySet()) {
      assertTrue(t.has(c), c);
    }
    assertTrue(t.has("gt_type") && t.has("rotation_deg") && t.has("tsne_x") && t.has("unit_id"));
    assertEquals(r.neurons().get(7).rhoStTest(), t.number(7, "rho_st_test"), 0);
    assertEquals(r.labels().get("dec_3")[7], t.integer(7, "dec_3", -1));
    assertEquals(r.neurons().get(7).mouse(), t.string(7, "mouse"));
  }
}
