package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a dynamic (video) model, on the real path (embedded Temporal and S3, the real stages): the video
 * simulator's data artifact, video training with its Sensorium 2023 oracle score, embeddings in the static form, then
 * alignment, clustering, embeddings-only DEC and the evaluation report, unchanged; a re-run is all cache hits. Joint DEC
 * on a video model from a Sensorium 2023 folder, through to the report.
 * A cut-down configs/quickstart-video.yaml (2 mice × 30 neurons, 14 short clips, 2 × 4 channels, 2 epochs).
 */
class VideoPipelineTest {
  @TempDir Path home;

  static final String CONFIG = """
      name: video-test
      seed: 3
      data:
        source: simulate-video
        simulate_video: {mice: 2, neurons: 30, trials: 14, height: 24, width: 40, min_frames: 30, max_frames: 36, oracle_fraction: 0.2, seed: 2}
      training:
        epochs: 2
        batch_size: 4
        threads: 1
        core: {features: 2, rotations: 4, kernel_sizes: [5, 3]}
        video: {space_time: factorised, temporal_kernels: [3, 3], chunk_frames: 12, score_skip: 10}
      clustering: {methods: [kmeans, gmm], ks: [3], stability_runs: 0, tsne: false, gap_references: 0}
      dec: {mode: embeddings_only, k: 3, max_steps: 50}
      evaluation: {performance_metric: rho_st_val, permutations: 20}
      """;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  static StageOutput stage(RunRecord r, String name) {
    return r.results().stream().filter(s -> s.stage().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name + " in " + r.results()));
  }

  @Test
  void wholePipelineOnAVideoModelAndAReRunIsAllCacheHits() throws Exception {
    LoadedConfig c = ConfigLoader.parse("test", CONFIG, List.of());
    Connection conn = new Connection(home, null, "default", false, null, null, null, "127.0.0.1", -1);
    StagePolicy policy = new StagePolicy(10, 1, 1, 0.2);
    try (CortexRuntime rt = CortexRuntime.open(conn)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      RunRecord r = ExperimentLauncher.runAndFollow(rt, c, policy, new PrintStream(new ByteArrayOutputStream()), false);
      assertEquals("success", r.status(), String.valueOf(r.error()));
      assertEquals(List.of(Stages.DATA, Stages.TRAINING, Stages.EMBEDDINGS, Stages.ALIGNMENT, Stages.CLUSTERING, Stages.DEC,
          Stages.EVALUATION), r.results().stream().map(StageOutput::stage).toList());

      // data: one Sensorium 2023 zip per mouse, marked as video
      StageManifest data = rt.store.manifest(stage(r, Stages.DATA).artifactId());
      assertTrue(data.outputs().keySet().containsAll(List.of("video-vsim1-2-1.zip", "video-vsim2-2-1.zip", "dataset.json",
          "groundtruth.csv")), data.outputs().keySet().toString());
      String dj = new String(rt.store.readBlob(data.output("dataset.json")), StandardCharsets.UTF_8);
      assertTrue(dj.contains("\"kind\" : \"video\""), dj);
      assertEquals(60.0, data.metrics().get("neurons"));

      // training: a video model with its oracle scores
      StageOutput train = stage(r, Stages.TRAINING);
      StageManifest tm = rt.store.manifest(train.artifactId());
      String model = new String(rt.store.readBlob(tm.output("model.json")), StandardCharsets.UTF_8);
      assertTrue(model.contains("\"format\" : \"cortexclust-video-model/1\""), model);
      Map<String, Double> tmet = train.metrics();
      assertEquals(2.0, tmet.get("epochs"));
      assertEquals(5.0, tmet.get("temporal_receptive_field"));
      for (String k : List.of("rho_st_val", "sensorium2023_oracle", "rho_trial_oracle")) {
        assertTrue(Double.isFinite(tmet.get(k)) && Math.abs(tmet.get(k)) <= 1, k + " = " + tmet.get(k));
      }

      // embeddings: the static form, 60 neurons × 2 features × 4 rotations, ground truth in neurons.csv
      StageManifest em = rt.store.manifest(stage(r, Stages.EMBEDDINGS).artifactId());
      NpyArray emb = Npy.read(rt.store.localCopy(em.output("embeddings.npy")));
      assertEquals(List.of(60L, 2L, 4L), java.util.Arrays.stream(emb.shape()).boxed().toList());
      String csv = new String(rt.store.readBlob(em.output("neurons.csv")), StandardCharsets.UTF_8);
      assertEquals(61, csv.lines().count());
      assertTrue(csv.lines().findFirst().orElseThrow().contains("gt_type"), csv.lines().findFirst().orElseThrow());

      // downstream stages ran unchanged on it: clustering scored against the planted types, DEC on the embeddings
      assertTrue(stage(r, Stages.CLUSTERING).metrics().containsKey("kmeans_ari_gt"), stage(r, Stages.CLUSTERING).metrics().toString());
      Map<String, Double> dec = stage(r, Stages.DEC).metrics();
      assertEquals(3.0, dec.get("k"));
      assertTrue(dec.containsKey("ari_after") && dec.containsKey("steps"), dec.toString());
      assertTrue(rt.store.manifest(stage(r, Stages.EVALUATION).artifactId()).outputs().keySet().stream()
          .anyMatch(n -> n.endsWith(".html")), "evaluation report");

      // same config, same artifacts: all cache hits
      RunRecord again = ExperimentLauncher.runAndFollow(rt, c, policy, new PrintStream(new ByteArrayOutputStream()), false);
      assertEquals("success", again.status());
      assertTrue(again.results().stream().allMatch(StageOutput::cacheHit), again.results().toString());
    }
  }

  /**
   * A Sensorium 2023 folder trains a video model, joint DEC fine-tunes it (KL on the video readout features, Sensorium
   * 2023 oracle score before/after) and the evaluation reads the fine-tuned run.
   */
  @Test
  void aSensorium2023FolderTrainsAVideoModelThatJointDecFineTunes() throws Exception {
    Path src = home.resolve("sensorium2023");
    org.cortexclust.data.simulator.VideoSimulator.write(new org.cortexclust.data.simulator.VideoSimulatorOptions(1, 20, 10, 20, 28, 24, 28,
        0.2, 6), src, org.cortexclust.common.progress.Progress.NONE);
    String yaml = CONFIG.replace("source: simulate-video", "source: " + src).replace("epochs: 2", "epochs: 1")
        .replace("dec: {mode: embeddings_only, k: 3, max_steps: 50}", "dec: {mode: joint, k: 3, max_epochs: 2, tol: 0.0}")
        .replace("performance_metric: rho_st_val", "performance_metric: rho_st_test");
    LoadedConfig c = ConfigLoader.parse("test", yaml, List.of());
    Connection conn = new Connection(home.resolve("h2"), null, "default", false, null, null, null, "127.0.0.1", -1);
    try (CortexRuntime rt = CortexRuntime.open(conn)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      RunRecord r = ExperimentLauncher.runAndFollow(rt, c, new StagePolicy(10, 1, 1, 0.2), new PrintStream(new ByteArrayOutputStream()), false);
      assertEquals("success", r.status(), String.valueOf(r.error()));
      String model = new String(rt.store.readBlob(rt.store.manifest(stage(r, Stages.TRAINING).artifactId()).output("model.json")),
          StandardCharsets.UTF_8);
      assertTrue(model.contains("cortexclust-video-model/1"), model);
      StageOutput dec = stage(r, Stages.DEC);
      StageManifest dm = rt.store.manifest(dec.artifactId());
      String tuned = new String(rt.store.readBlob(dm.output("model.json")), StandardCharsets.UTF_8);
      assertTrue(tuned.contains("cortexclust-video-model/1") && tuned.contains("\"dec_mode\" : \"joint\""), tuned);
      assertTrue(dm.outputs().containsKey("params.npz"), dm.outputs().keySet().toString());
      assertEquals(2.0, dec.metrics().get("epochs"), dec.metrics().toString());
      for (String k : List.of("rho_st_val_before", "rho_st_val", "ari_before", "ari_after")) {
        assertTrue(Double.isFinite(dec.metrics().getOrDefault(k, Double.NaN)), k + " in " + dec.metrics());
      }
      // the report's DEC trade-off: the validation (Sensorium 2023 oracle) score before/after, as the DEC stage measured it
      StageManifest ev = rt.store.manifest(stage(r, Stages.EVALUATION).artifactId());
      var summary = org.cortexclust.evaluation.report.ExperimentSummary.read(rt.store.localCopy(ev.output("summary.json")));
      assertEquals("dec_3", summary.dec().decColumn());
      assertEquals("validation", summary.dec().rhoTier());
      assertEquals(dec.metrics().get("rho_st_val_before"), summary.dec().rhoStBefore(), 1e-12);
      assertEquals(dec.metrics().get("rho_st_val"), summary.dec().rhoStAfter(), 1e-12);
      String html = new String(rt.store.readBlob(ev.output("report.html")), StandardCharsets.UTF_8);
      assertTrue(html.contains("Validation ρ<sub>st</sub> (the data has no test responses)"), "report names the score it shows");
    }
  }

  @Test
  void temporalKernelsPerLayerAreCheckedAtConfigLoadForVideoAndJointDecIsAllowed() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("video.yaml",
        "data: {source: simulate-video}\ntraining: {video: {temporal_kernels: [3, 3]}}\ndec: {mode: joint}\n", List.of()));
    String m = e.getMessage();
    assertTrue(m.contains("training.video.temporal_kernels") && m.contains("one temporal kernel size per core layer"), m);
    assertTrue(!m.contains("dec.mode"), "joint DEC fine-tunes video models too: " + m);
    assertEquals("joint", ConfigLoader.parse("video.yaml", "data: {source: simulate-video}\ndec: {mode: joint}\n", List.of()).config()
        .dec().mode());
    ConfigException grid = assertThrows(ConfigException.class, () -> ConfigLoader.parse("video.yaml",
        "data: {source: simulate-video}\ndec: {mode: embeddings_only}\n", List.of("training.readout.grid_predictor.enabled=true")));
    assertTrue(grid.getMessage().contains("training.readout.grid_predictor.enabled: the grid predictor is for static models"),
        grid.getMessage());
    ConfigException shifter = assertThrows(ConfigException.class, () -> ConfigLoader.parse("video.yaml",
        "data: {source: simulate-video}\ndec: {mode: embeddings_only}\n", List.of("training.video.shifter=true",
            "training.readout.type=factorised")));
    assertTrue(shifter.getMessage().contains("training.video.shifter: the shifter moves Gaussian readout locations"),
        shifter.getMessage());
    ConfigException eye = assertThrows(ConfigException.class, () -> ConfigLoader.parse("video.yaml",
        "data: {source: simulate-video}\n", List.of("data.simulate_video.eye_shift=20")));
    assertTrue(eye.getMessage().contains("data.simulate_video.eye_shift"), eye.getMessage());
  }

  @Test
  void theShippedVideoConfigsLoad() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    LoadedConfig q = ConfigLoader.load(root.resolve("configs/quickstart-video.yaml"), List.of());
    assertTrue(q.config().data().simulatesVideo());
    var sweep = org.cortexclust.worker.sweep.SweepSpec.load(root.resolve("configs/sweep-dynamic.yaml"), List.of());
    var points = sweep.expand();
    assertEquals(24, points.size()); // readout type × gamma × space-time × seeds
    assertTrue(points.stream().allMatch(p -> ConfigLoader.fromCanonicalJson(p.configJson()).config().data().simulatesVideo()));
  }
}
