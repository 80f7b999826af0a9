package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cortexclust.alignment.AlignmentActivitiesImpl;
import org.cortexclust.clustering.ClusteringActivitiesImpl;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.data.DataActivitiesImpl;
import org.cortexclust.training.TrainingActivitiesImpl;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.spec.VideoSpec;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joint DEC on a dynamic (video) model through the real stages (embedded S3, StageRunner; the data stage's
 * simulate-video artifact, video training, embeddings, alignment, clustering): the fine-tuned video model and the
 * static-form outputs are published, and a crashed attempt resumes from its epoch checkpoint to the uninterrupted result.
 */
class DecVideoStageTest {
  @TempDir static Path home;
  static TestStore env;
  static ArtifactStore store;
  static StageRunner runner;
  static Map<String, String> upstream;

  static final String YAML = """
      seed: 3
      data:
        source: simulate-video
        simulate_video: {mice: 2, neurons: 12, trials: 10, height: 18, width: 24, min_frames: 24, max_frames: 28, oracle_fraction: 0.2, seed: 5}
      training:
        epochs: 2
        batch_size: 4
        threads: 1
        patience: 10
        core: {features: 2, rotations: 4, kernel_sizes: [5, 3]}
        video: {space_time: factorised, temporal_kernels: [3, 3], chunk_frames: 10, score_skip: 8}
      clustering: {methods: [kmeans], ks: [3], stability_runs: 0, gap_references: 0, tsne: false}
      evaluation: {performance_metric: rho_st_val}
      """;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    store = env.store;
    runner = env.runner;
    String data = new DataActivitiesImpl(runner).fetchData(input("data", Map.of(), "")).artifactId();
    TrainingActivitiesImpl training = new TrainingActivitiesImpl(runner);
    String model = training.train(input("training", Map.of("dataset", data), "")).artifactId();
    String emb = training.extractEmbeddings(input("embeddings", Map.of("model", model, "dataset", data), "")).artifactId();
    String aligned = new AlignmentActivitiesImpl(runner).align(input("alignment", Map.of("embeddings", emb), "")).artifactId();
    String clustering = new ClusteringActivitiesImpl(runner).cluster(input("clustering", Map.of("aligned", aligned, "embeddings", emb), ""))
        .artifactId();
    upstream = Map.of("model", model, "dataset", data, "aligned", aligned, "clustering", clustering);
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static StageInput input(String stage, Map<String, String> inputs, String decYaml) {
    return new StageInput("run-1", stage, ConfigLoader.parse("t", YAML + decYaml, List.of()).canonicalJson(), inputs);
  }

  String text(StageManifest m, String name) throws java.io.IOException {
    return new String(store.readBlob(m.output(name)), StandardCharsets.UTF_8);
  }

  Path copy(StageManifest m, String name, String as) throws java.io.IOException {
    Path p = home.resolve(as);
    Files.write(p, store.readBlob(m.output(name)));
    return p;
  }

  @Test
  void jointFineTuningOfAVideoModelPublishesTheFineTunedVideoModelAndMetrics() throws Exception {
    StageOutput out = new DecActivitiesImpl(runner).fineTune(input("dec", upstream, """
        dec: {mode: joint, k: 3, max_epochs: 2, lambda: 1000.0, tol: 0.0}
        """));
    StageManifest m = store.manifest(out.artifactId());
    assertTrue(m.outputs().keySet().containsAll(List.of("labels.csv", "embeddings.npy", "history.csv", "model.json", "params.npz")),
        m.outputs().keySet().toString());
    assertEquals("index,dec_3", text(m, "labels.csv").lines().findFirst().orElseThrow());
    assertEquals(25, text(m, "labels.csv").lines().count());
    List<String> history = text(m, "history.csv").lines().toList();
    assertEquals("epoch,kl_per_neuron,poisson_objective,label_change,rho_st_val", history.get(0));
    assertEquals(4, history.size(), String.join("\n", history)); // start + 2 epochs
    assertArrayEquals(new long[] {24, 2, 4}, Npy.read(copy(m, "embeddings.npy", "dec-emb.npy")).shape());

    // the fine-tuned model is a video model (same spec) whose tensors moved, readout features and space-time core
    Path json = copy(m, "model.json", "dec-model.json");
    assertTrue(ModelFiles.isVideoModel(json));
    assertTrue(Files.readString(json).contains("\"dec_mode\" : \"joint\""), Files.readString(json));
    VideoSpec spec = ModelFiles.readVideoSpec(json);
    StageManifest trained = store.manifest(upstream.get("model"));
    Path trainedJson = home.resolve("trained-model.json");
    Files.write(trainedJson, store.readBlob(trained.output("model.json")));
    assertEquals(ModelFiles.readVideoSpec(trainedJson).architectureHash(), spec.architectureHash());
    Map<String, float[]> before = ModelFiles.readParams(copy(trained, "params.npz", "trained.npz"), spec);
    Map<String, float[]> after = ModelFiles.readParams(copy(m, "params.npz", "dec.npz"), spec);
    for (String t : List.of("readout." + spec.base().mice().get(0).mouseId() + ".features", "core.layer1.temporal")) {
      assertFalse(Arrays.equals(before.get(t), after.get(t)), t + " unchanged by joint DEC");
    }

    Map<String, Double> x = out.metrics();
    for (String k : List.of("rho_st_val_before", "rho_st_val", "delta_rho_st_val", "ari_before", "ari_after", "epochs",
        "silhouette_before", "silhouette_after")) {
      assertTrue(x.containsKey(k) && Double.isFinite(x.get(k)), k + " in " + x);
    }
    assertEquals(2.0, x.get("epochs"));
    assertFalse(x.containsKey("rho_st_test"), "video data has no test responses: " + x);
    // validation before DEC is the trained model's Sensorium 2023 oracle score
    assertEquals(store.manifest(upstream.get("model")).metrics().get("sensorium2023_oracle"), x.get("rho_st_val_before"), 1e-9);
  }

  /** A first attempt dies after its first epoch checkpoint; the retry resumes and ends where an uninterrupted run ends. */
  @Test
  void aRetriedVideoJointRunResumesFromItsEpochCheckpoint() throws Exception {
    String dec = "dec: {mode: joint, k: 3, max_epochs: 2, tol: 0.0, update_interval: 3, rho_drop_tolerance: %s}\n";
    StageOutput direct = new DecActivitiesImpl(runner).fineTune(input("dec", upstream, dec.formatted("1000.0")));
    StageInput in = input("dec", upstream, dec.formatted("2000.0"));
    RuntimeException boom = assertThrows(RuntimeException.class, () -> runner.run(in, DecActivitiesImpl.SLICE,
        w -> DecActivitiesImpl.body(new DecActivitiesImplTest.DyingAfterFirstCheckpoint(w))));
    assertTrue(String.valueOf(boom.getMessage()).contains("simulated crash"), boom.getMessage());
    StageOutput resumed = new DecActivitiesImpl(runner).fineTune(in);
    assertFalse(resumed.cacheHit());
    StageManifest a = store.manifest(direct.artifactId());
    StageManifest b = store.manifest(resumed.artifactId());
    assertEquals(text(a, "labels.csv"), text(b, "labels.csv"));
    assertEquals(text(a, "history.csv"), text(b, "history.csv"));
    VideoSpec spec = ModelFiles.readVideoSpec(copy(a, "model.json", "direct-model.json"));
    Map<String, float[]> da = ModelFiles.readParams(copy(a, "params.npz", "direct.npz"), spec);
    Map<String, float[]> db = ModelFiles.readParams(copy(b, "params.npz", "resumed.npz"), spec);
    assertEquals(spec.parameters().size(), da.size());
    for (var e : da.entrySet()) assertArrayEquals(e.getValue(), db.get(e.getKey()), 0f, e.getKey());
  }
}
