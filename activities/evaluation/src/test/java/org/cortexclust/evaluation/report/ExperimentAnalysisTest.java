package org.cortexclust.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cortexclust.evaluation.report.ExperimentFindings.BestK;
import org.cortexclust.evaluation.report.ExperimentFindings.ClusterPerformance;
import org.junit.jupiter.api.Test;

class ExperimentAnalysisTest {
  private static final ReportOptions OPT = new ReportOptions("rho_st_test", 4, 100, 0.05, null, 20000, 40, 3);

  @Test
  void plantedPerformanceDifferencesAreFoundAndBestKIsThePlantedK() {
    ExperimentReport r = SyntheticExperiment.build(900, 5, 1);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, OPT);
    assertEquals("dec_5", f.primary(), "DEC column is shown in detail by default");
    ClusterPerformance dec = f.clusters().stream().filter(c -> c.column().equals("dec_5")).findFirst().orElseThrow();
    assertTrue(dec.kw().pValue() < 1e-20, "p " + dec.kw().pValue());
    assertTrue(dec.kw().epsilonSquared() > 0.2, "eps2 " + dec.kw().epsilonSquared());
    assertTrue(dec.mi().pValue() <= 1.0 / 101 + 1e-12);
    // Cluster medians follow the planted means 0.2 + 0.04 t.
    assertEquals(0.2, dec.perCluster().get(0).median(), 0.03);
    assertEquals(0.36, dec.perCluster().get(4).median(), 0.03);
    for (BestK b : f.bestK()) {
      assertEquals(5, b.k(), b.toString());
    }
    assertEquals(4, f.bestK().size(), "kmeans silhouette+stability, gmm silhouette+bic");
    assertEquals(-0.003, f.dec().rhoStChange(), 1e-12);
    assertEquals(0.11, f.dec().qualityGain().get("stability"), 1e-12);
    assertEquals(2, f.dec().spaces().size(), "both labelings scored in the pre-DEC and in the post-DEC space");
    assertEquals(r.labels().size(), f.groundTruth().size());
    assertEquals(3, f.perMouse().size());
    assertNotNull(f.orientation());
    assertEquals(5, f.orientation().clusterIds().size());
    // Planted uniform rotations: resultant length small; true orientations concentrated within a type.
    assertTrue(f.orientation().rotationStats().get(0).length() < 0.3);
    assertTrue(f.orientation().gtStats().get(0).length() > 0.6);
  }

  @Test
  void performanceUnrelatedToClustersIsNotSignificant() {
    ExperimentReport base = SyntheticExperiment.build(600, 4, 2);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
    List<NeuronRecord> shuffled = base.neurons().stream()
        .map(n -> new NeuronRecord(n.index(), n.mouse(), n.unitId(), n.readoutX(), n.readoutY(), n.rhoStVal(),
            0.25 + 0.05 * rnd.nextGaussian(), n.corrToAvg(), null, Double.NaN, Double.NaN))
        .toList();
    ExperimentReport r = new ExperimentReport(base.runId(), "", Map.of(), Map.of(), shuffled,
        Map.of("kmeans_4", base.labels().get("kmeans_4")), List.of(), List.of(), null, List.of(), null, Map.of());
    ExperimentFindings f = ExperimentAnalysis.analyze(r, OPT);
    assertTrue(f.clusters().get(0).kw().pValue() > 0.01);
    assertTrue(f.groundTruth().isEmpty());
    assertNull(f.orientation());
    assertNull(f.dec());
  }

  @Test
  void metricFallsBackWhenTestIsMissingAndPrimaryMustExist() {
    ExperimentReport base = SyntheticExperiment.build(200, 3, 4);
    List<NeuronRecord> noTest = base.neurons().stream()
        .map(n -> new NeuronRecord(n.index(), n.mouse(), n.unitId(), n.readoutX(), n.readoutY(), n.rhoStVal(),
            Double.NaN, Double.NaN, null, Double.NaN, Double.NaN))
        .toList();
    ExperimentReport r = new ExperimentReport("x", "", Map.of(), Map.of(), noTest, base.labels(), List.of(),
        List.of(), null, List.of(), null, Map.of());
    ExperimentFindings f = ExperimentAnalysis.analyze(r, OPT);
    assertEquals("rho_st_val", f.metric());
    assertTrue(f.metricNote().contains("rho_st_test"));
    ReportOptions wrong = new ReportOptions("rho_st_test", 4, 0, 0.05, "spectral_7", 100, 10, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentAnalysis.analyze(r, wrong));
    assertTrue(e.getMessage().contains("evaluation.primary_clustering"));
  }

  /** Mice assigned round-robin are independent of the planted types; mice equal to types give V = 1. */
  @Test
  void clusterMouseAssociation() {
    ExperimentReport r = SyntheticExperiment.build(600, 3, 8);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, OPT);
    ClusterPerformance dec = f.clusters().stream().filter(c -> c.column().equals("dec_3")).findFirst().orElseThrow();
    assertTrue(dec.mouse().cramersV() < 0.15, dec.mouse().toString());
    int[] labels = r.labels().get("dec_3");
    List<NeuronRecord> byType = r.neurons().stream().map(n -> new NeuronRecord(n.index(), "mouse-" + labels[n.index()],
        n.unitId(), n.readoutX(), n.readoutY(), n.rhoStVal(), n.rhoStTest(), n.corrToAvg(), n.gtType(),
        n.gtOrientation(), n.rotation())).toList();
    ExperimentReport confounded = new ExperimentReport("c", "", Map.of(), Map.of(), byType, Map.of("dec_3", labels),
        List.of(), List.of(), null, List.of(), null, Map.of());
    ExperimentFindings g = ExperimentAnalysis.analyze(confounded, OPT);
    assertEquals(1.0, g.clusters().get(0).mouse().cramersV(), 1e-12);
    assertTrue(HtmlReport.render(confounded, g, OPT).contains("partly mouse-specific"));
  }

  @Test
  void gapRuleChoosesSmallestKWithinOneSd() {
    List<KSelectionRecord> pts = List.of(
        new KSelectionRecord("kmeans", 2, "gap", 0.50), new KSelectionRecord("kmeans", 2, "gap_s", 0.02),
        new KSelectionRecord("kmeans", 3, "gap", 0.80), new KSelectionRecord("kmeans", 3, "gap_s", 0.02),
        new KSelectionRecord("kmeans", 4, "gap", 0.82), new KSelectionRecord("kmeans", 4, "gap_s", 0.05),
        new KSelectionRecord("kmeans", 5, "gap", 0.90), new KSelectionRecord("kmeans", 5, "gap_s", 0.05));
    List<BestK> b = ExperimentAnalysis.bestK(pts);
    assertEquals(1, b.size());
    // k=2: 0.50 ≥ 0.80−0.02? no. k=3: 0.80 ≥ 0.82−0.05 = 0.77 → yes.
    assertEquals(3, b.get(0).k());
    assertEquals("gap rule", b.get(0).rule());
  }

  /** The clustering stage writes recommended_by_X rows; those win over our own rule, spreads/timings are ignored. */
  @Test
  void stageRecommendationsAreUsedAndNonCriteriaIgnored() {
    List<KSelectionRecord> pts = List.of(
        new KSelectionRecord("gmm", 2, "bic", 100), new KSelectionRecord("gmm", 3, "bic", 90),
        new KSelectionRecord("gmm", 4, "bic", 95), new KSelectionRecord("gmm", 3, "recommended_by_bic", 90),
        new KSelectionRecord("gmm", 2, "seconds", 1), new KSelectionRecord("gmm", 3, "seconds", 2),
        new KSelectionRecord("kmeans", 2, "stability_ari_mean", 0.9), new KSelectionRecord("kmeans", 3, "stability_ari_mean", 0.7),
        new KSelectionRecord("kmeans", 2, "stability_ari_sd", 0.01), new KSelectionRecord("kmeans", 3, "stability_ari_sd", 0.2),
        new KSelectionRecord("kmeans", 2, "davies_bouldin", 0.5), new KSelectionRecord("kmeans", 3, "davies_bouldin", 0.9));
    List<BestK> b = ExperimentAnalysis.bestK(pts);
    assertEquals(List.of(
        new BestK("gmm", "bic", 3, 90, "clustering stage"),
        new BestK("kmeans", "davies_bouldin", 2, 0.5, "min"),
        new BestK("kmeans", "stability_ari_mean", 2, 0.9, "max")), b);
  }

  @Test
  void rejectsLabelColumnsOfTheWrongLength() {
    ExperimentReport base = SyntheticExperiment.build(50, 2, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExperimentReport("x", "",
        Map.of(), Map.of(), base.neurons(), Map.of("kmeans_2", new int[10]), List.of(), List.of(), null, List.of(),
        null, Map.of()));
    assertTrue(e.getMessage().contains("kmeans_2"));
  }
}
