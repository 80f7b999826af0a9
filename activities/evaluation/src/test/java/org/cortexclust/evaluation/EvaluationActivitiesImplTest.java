package org.cortexclust.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.evaluation.io.CsvTable;
import org.cortexclust.evaluation.report.ExperimentSummary;
import org.cortexclust.evaluation.report.HtmlReport;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter on the real path: upstream artifacts (files as in docs/artifacts.md, planted 3 types) are published
 * through StageRunner into an embedded S3 store, then the evaluation stage reads them and publishes its outputs.
 */
class EvaluationActivitiesImplTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;
  static StageRunner runner;

  static final int N = 240;
  static final int F = 4;
  static final int R = 8;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
    runner = env.runner;
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  interface Files2 {
    void write(StageWork w) throws IOException;
  }

  static String publish(String stage, String cfg, Map<String, String> inputs, Files2 body) {
    StageInput in = new StageInput("run-e2e", stage, cfg, inputs);
    return runner.run(in, List.of("seed"), body::write).artifactId();
  }

  static Path csv(StageWork w, String name, List<String> header, List<List<String>> rows) throws IOException {
    Path p = w.workDir().resolve(name);
    CsvTable.write(p, header, rows);
    w.addOutput(name, p);
    return p;
  }

  static void npy(StageWork w, String name, NpyArray a) throws IOException {
    Path p = w.workDir().resolve(name);
    Npy.write(p, a);
    w.addOutput(name, p);
  }

  @Test
  void evaluatesPublishedArtifactsIntoReportSummaryAndTable() throws Exception {
    String cfg = ConfigLoader.parse("t", "name: e2e\nseed: 5\nevaluation:\n  permutations: 50\n", List.of())
        .canonicalJson();
    SplittableRandom rnd = new SplittableRandom(1);
    int[] type = new int[N];
    int[] shift = new int[N];
    float[] emb = new float[N * F * R];
    float[] tsne = new float[N * 2];
    for (int i = 0; i < N; i++) {
      type[i] = i % 3;
      shift[i] = rnd.nextInt(R);
      for (int f = 0; f < F; f++) {
        for (int r = 0; r < R; r++) {
          emb[(i * F + f) * R + r] = (float) ((f == type[i] ? 3 : 0) + 0.3 * rnd.nextGaussian());
        }
      }
      tsne[2 * i] = (float) (10 * type[i] + rnd.nextGaussian());
      tsne[2 * i + 1] = (float) rnd.nextGaussian();
    }
    String data = publish("data", cfg, Map.of(), w -> csv(w, "groundtruth.csv", List.of("index", "gt_type", "gt_orientation"),
        range().stream().map(i -> List.of(String.valueOf(i), "T" + type[i], String.valueOf(Math.PI / 3 * type[i])))
            .toList()));
    String model = publish("training", cfg, Map.of("dataset", data), w -> csv(w, "history.csv",
        List.of("epoch", "loss", "rho_st_val", "lr", "seconds"),
        List.of(List.of("1", "1.5", "0.1", "0.005", "3"), List.of("2", "1.2", "0.2", "0.005", "3"),
            List.of("3", "1.1", "0.25", "0.005", "3"))));
    String embeddings = publish("embeddings", cfg, Map.of("model", model), w -> {
      npy(w, "embeddings.npy", NpyArray.ofFloats(emb, N, F, R));
      csv(w, "neurons.csv", List.of("index", "mouse", "unit_id", "readout_x", "readout_y", "rho_st_val", "rho_st_test",
          "corr_to_avg"), range().stream().map(i -> List.of(String.valueOf(i), i < N / 2 ? "m1" : "m2",
              String.valueOf(100 + i), "0", "0", String.valueOf(0.2 + 0.05 * type[i]),
              String.valueOf(0.2 + 0.05 * type[i] + 0.01 * (i % 7)), "0.5")).toList());
      w.metric("rho_st_test", 0.26);
    });
    String aligned = publish("alignment", cfg, Map.of("embeddings", embeddings), w -> {
      npy(w, "aligned.npy", NpyArray.ofFloats(emb, N, F, R));
      npy(w, "shifts.npy", NpyArray.ofInts(shift, N));
    });
    String clustering = publish("clustering", cfg, Map.of("aligned", aligned), w -> {
      csv(w, "labels.csv", List.of("index", "kmeans_2", "kmeans_3"), range().stream()
          .map(i -> List.of(String.valueOf(i), String.valueOf(Math.min(type[i], 1)), String.valueOf(type[i]))).toList());
      csv(w, "kselection.csv", List.of("method", "k", "metric", "value"), List.of(
          List.of("kmeans", "2", "silhouette", "0.4"), List.of("kmeans", "3", "silhouette", "0.7"),
          List.of("kmeans", "2", "stability", "0.8"), List.of("kmeans", "3", "stability", "0.95")));
      npy(w, "tsne.npy", NpyArray.ofFloats(tsne, N, 2));
    });
    String dec = publish("dec", cfg, Map.of("clustering", clustering), w -> {
      csv(w, "labels.csv", List.of("index", "dec_3"), range().stream()
          .map(i -> List.of(String.valueOf(i), String.valueOf(type[i]))).toList());
      npy(w, "embeddings.npy", NpyArray.ofFloats(emb, N, F, R));
      csv(w, "history.csv", List.of("epoch", "loss", "rho_st_val", "lr", "seconds"),
          List.of(List.of("1", "1.1", "0.25", "0.001", "2"), List.of("2", "1.0", "0.249", "0.001", "2")));
      w.metric("rho_st_test", 0.258);
    });
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("dataset", data);
    inputs.put("model", model);
    inputs.put("embeddings", embeddings);
    inputs.put("aligned", aligned);
    inputs.put("clustering", clustering);
    inputs.put("dec", dec);
    StageOutput out = new EvaluationActivitiesImpl(runner).evaluate(new StageInput("run-e2e", "evaluation", cfg, inputs));
    assertFalse(out.cacheHit());
    assertEquals(1.0, out.metrics().get("kmeans_3.ari"), 1e-12);
    assertEquals(0.7, out.metrics().get("kmeans_3.silhouette"), 1e-12);
    assertEquals(0.95, out.metrics().get("kmeans_3.stability"), 1e-12);
    assertTrue(out.metrics().get("rho_st_test") > 0.2);
    assertTrue(out.metrics().get("dec_3.kw_epsilon2") > 0.5);

    StageManifest m = store.manifest(out.artifactId());
    String html = new String(store.readBlob(m.output("report.html")), StandardCharsets.UTF_8);
    for (String id : HtmlReport.FIGURES) {
      assertTrue(html.contains("<figure id=\"" + id + "\"") && !html.contains("<figure id=\"" + id + "\" class=\"absent\""),
          "figure drawn: " + id);
    }
    assertTrue(html.contains(clustering), "report names the clustering artifact");
    Path summaryFile = home.resolve("summary.json");
    Files.write(summaryFile, store.readBlob(m.output("summary.json")));
    ExperimentSummary s = ExperimentSummary.read(summaryFile);
    assertEquals(N, s.neurons());
    assertEquals("dec_3", s.primary());
    assertNotNull(s.dec());
    assertEquals(-0.002, s.dec().rhoStChange(), 1e-12);
    assertEquals(1.0, s.truth().decAriAfter(), 1e-12, "agreement with the truth lives in the truth section");
    assertEquals("no clear change", s.dec().verdict(), "DEC kept the k-means labels: " + s.dec().reason());
    assertEquals(2, s.dec().gainIntervals().size(), "both labelings scored in the pre-DEC and the post-DEC space");
    assertNotNull(s.structure(), "structure index of the aligned embeddings");
    assertTrue(s.structure().lo() > 0, "three planted types are more clustered than one Gaussian: " + s.structure());
    assertEquals("e2e", s.config().get("name"));
    Path table = home.resolve("neurons.csv");
    Files.write(table, store.readBlob(m.output("neurons.csv")));
    CsvTable t = CsvTable.read(table);
    assertEquals(N, t.size());
    assertEquals("T2", t.string(5, "gt_type"));
    assertEquals(45.0 * shift[5], t.number(5, "rotation_deg"), 1e-9);
    assertEquals(120.0, t.number(5, "gt_orientation_deg"), 1e-9, "radians from the data module are shown in degrees");
    assertEquals(2, t.integer(5, "dec_3", -1));
    // Same inputs and config: memoised.
    assertTrue(new EvaluationActivitiesImpl(runner).evaluate(new StageInput("run-e2e", "evaluation", cfg, inputs)).cacheHit());
  }

  /**
   * The embeddings' {@code oracle_rho_st} (the simulator's noise ceiling) puts ρ_st / oracle beside test ρ_st in the
   * summary, the headline, the report and the metrics; without it (real data) none of them names an oracle.
   */
  @Test
  void rhoStOverTheNoiseCeilingIsReportedOnlyWhenTheEmbeddingsCarryIt() throws Exception {
    double meanTest = range().stream().mapToDouble(i -> 0.1 + 0.001 * i).average().orElseThrow();
    // 0: real data; 1: embeddings with the all-trials ceiling only (made before tier ceilings); 2: with the test
    // trials' ceiling too, which is the one test rho_st is measured against
    for (int variant : List.of(2, 1, 0)) {
      boolean simulated = variant > 0;
      double oracle = variant == 2 ? 0.45 : 0.4;
      String cfg = ConfigLoader.parse("t", "seed: " + (20 + variant) + "\nevaluation:\n  permutations: 10\n",
          List.of()).canonicalJson();
      String embeddings = publish("embeddings", cfg, Map.of(), w -> {
        csv(w, "neurons.csv", List.of("index", "mouse", "unit_id", "rho_st_val", "rho_st_test"), range().stream()
            .map(i -> List.of(String.valueOf(i), "m1", String.valueOf(i), "0.2", String.valueOf(0.1 + 0.001 * i)))
            .toList());
        if (simulated) w.metric("oracle_rho_st", 0.4);
        if (variant == 2) w.metric("oracle_rho_st_test", 0.45);
      });
      StageOutput out = new EvaluationActivitiesImpl(runner).evaluate(new StageInput("run-oracle", "evaluation", cfg,
          Map.of("embeddings", embeddings)));
      StageManifest m = store.manifest(out.artifactId());
      Path summaryFile = home.resolve("oracle-summary-" + variant + ".json");
      Files.write(summaryFile, store.readBlob(m.output("summary.json")));
      String json = Files.readString(summaryFile);
      ExperimentSummary s = ExperimentSummary.read(summaryFile);
      String html = new String(store.readBlob(m.output("report.html")), StandardCharsets.UTF_8);
      assertEquals(meanTest, s.rhoStTest(), 1e-9);
      if (simulated) {
        assertEquals(oracle, s.oracleRhoSt(), 0.0);
        assertEquals(s.rhoStTest() / oracle, s.rhoStTestOverOracle(), 1e-12);
        assertEquals(s.rhoStTestOverOracle(), out.metrics().get("rho_st_test_over_oracle"), 1e-12);
        assertEquals(oracle, out.metrics().get("oracle_rho_st"), 0.0);
        assertTrue(html.contains("ρ<sub>st</sub> / oracle = " + org.cortexclust.evaluation.plot.Svg.num(
            s.rhoStTestOverOracle(), 3)), html);
        assertTrue(html.contains("the simulator's noise ceiling") && html.contains("only simulated data"));
        assertTrue(s.headline().get(1).startsWith("test rho_st / oracle "), s.headline().toString());
      } else {
        assertTrue(json.contains("\"rho_st_test_over_oracle\" : null"), json);
        assertEquals(null, s.oracleRhoSt());
        assertTrue(out.metrics().keySet().stream().noneMatch(k -> k.contains("oracle")), out.metrics().toString());
        assertFalse(html.contains("/ oracle") || html.contains("noise ceiling"), "no oracle on real data");
        assertTrue(s.headline().stream().noneMatch(l -> l.contains("oracle")), s.headline().toString());
      }
    }
  }

  /**
   * The real path upstream too: the alignment and clustering stages of this build run on published embeddings with
   * three planted types at random rotations; the evaluation must read their actual outputs.
   */
  @Test
  void evaluatesTheRealAlignmentAndClusteringOutputs() throws Exception {
    String cfg = ConfigLoader.parse("t", String.join("\n", "name: real-upstream", "seed: 3",
        "clustering:", "  methods: [kmeans, gmm]", "  ks: [2, 3, 4]", "  stability_runs: 2", "  gap_references: 2",
        "  restarts: 3", "  tsne_perplexity: 15.0", "  tsne_early_iterations: 100", "  tsne_iterations: 150",
        "evaluation:", "  permutations: 50", ""), List.of()).canonicalJson();
    int n = 150;
    SplittableRandom rnd = new SplittableRandom(4);
    float[] emb = new float[n * F * R];
    List<List<String>> rows = new ArrayList<>();
    int[] type = new int[n];
    int[] roll = new int[n];
    for (int i = 0; i < n; i++) {
      type[i] = i % 3;
      roll[i] = rnd.nextInt(R);
      for (int f = 0; f < F; f++) {
        for (int r = 0; r < R; r++) {
          // Type t: feature t is tuned to rotation 2t (a bump), rolled by this neuron's rotation.
          int rr = Math.floorMod(r - roll[i], R);
          double bump = f == type[i] ? 3 * Math.exp(-Math.pow(Math.min(Math.abs(rr - 2 * type[i]), R - Math.abs(rr - 2 * type[i])), 2)) : 0;
          emb[(i * F + f) * R + r] = (float) (bump + 0.1 * rnd.nextGaussian());
        }
      }
      rows.add(List.of(String.valueOf(i), "m1", String.valueOf(i), "0", "0", String.valueOf(0.2 + 0.05 * type[i]),
          String.valueOf(0.2 + 0.05 * type[i] + 0.02 * rnd.nextGaussian()), "0.5", "T" + type[i], ""));
    }
    String embeddings = publish("embeddings", cfg, Map.of(), w -> {
      npy(w, "embeddings.npy", NpyArray.ofFloats(emb, n, F, R));
      csv(w, "neurons.csv", List.of("index", "mouse", "unit_id", "readout_x", "readout_y", "rho_st_val", "rho_st_test",
          "corr_to_avg", "gt_type", "gt_orientation"), rows);
    });
    String aligned = new org.cortexclust.alignment.AlignmentActivitiesImpl(runner)
        .align(new StageInput("run-real", "alignment", cfg, Map.of("embeddings", embeddings))).artifactId();
    String clustering = new org.cortexclust.clustering.ClusteringActivitiesImpl(runner).cluster(new StageInput("run-real",
        "clustering", cfg, Map.of("aligned", aligned, "embeddings", embeddings))).artifactId();
    StageOutput out = new EvaluationActivitiesImpl(runner).evaluate(new StageInput("run-real", "evaluation", cfg,
        Map.of("embeddings", embeddings, "aligned", aligned, "clustering", clustering)));
    StageManifest m = store.manifest(out.artifactId());
    String html = new String(store.readBlob(m.output("report.html")), StandardCharsets.UTF_8);
    for (String id : List.of("fig-rho-hist", "fig-tsne", "fig-kselection", "fig-box", "fig-confusion", "fig-orientation")) {
      assertFalse(html.contains("<figure id=\"" + id + "\" class=\"absent\""), id + " should be drawn");
    }
    // Planted types are recovered after alignment, and their different ρ_st shows up as a strong effect.
    assertEquals(1.0, out.metrics().get("kmeans_3.ari"), 0.05);
    assertTrue(out.metrics().get("kmeans_3.kw_epsilon2") > 0.5, out.metrics().toString());
    assertTrue(out.metrics().containsKey("kmeans_3.silhouette"), out.metrics().keySet().toString());
    Files.writeString(Path.of("target", "report-real-upstream.html"), html);
  }

  static List<Integer> range() {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      r.add(i);
    }
    return r;
  }
}
