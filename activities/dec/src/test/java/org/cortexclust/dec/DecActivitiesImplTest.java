package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexclust.alignment.AlignmentActivitiesImpl;
import org.cortexclust.clustering.ClusteringActivitiesImpl;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.TrainingActivitiesImpl;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on the real path: embedded S3, StageRunner, and the real upstream stages (data → … → clustering). */
class DecActivitiesImplTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;
  static StageRunner runner;
  static Map<String, String> upstream;

  static final String BASE = """
      seed: 3
      training:
        epochs: 3
        batch_size: 32
        threads: 1
        patience: 10
        core: {features: 2, rotations: 4, kernel_sizes: [7, 5]}
      clustering:
        methods: [kmeans]
        ks: [2]
        stability_runs: 0
        gap_references: 0
        tsne: false
      """;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
    runner = env.runner;
    PlantedMouse planted = PlantedMouse.generate("m7", 240, 16, 18, 18, 8, 3, 0.5, 4);
    PreparedMouse pm = toPrepared(planted);
    StageOutput data = runner.run(input("data", Map.of(), ""), List.of("seed", "data"), w -> {
      Path f = w.workDir().resolve("mouse-m7.bin");
      pm.write(f);
      w.addOutput("mouse-m7.bin", f);
      Path j = w.workDir().resolve("dataset.json");
      Files.writeString(j, "{\"mice\":[\"m7\"]}");
      w.addOutput("dataset.json", j);
    });
    TrainingActivitiesImpl training = new TrainingActivitiesImpl(runner);
    String model = training.train(input("training", Map.of("dataset", data.artifactId()), "")).artifactId();
    String emb = training.extractEmbeddings(input("embeddings", Map.of("model", model, "dataset",
        data.artifactId()), "")).artifactId();
    String aligned = new AlignmentActivitiesImpl(runner).align(input("alignment", Map.of("embeddings", emb), ""))
        .artifactId();
    String clustering = new ClusteringActivitiesImpl(runner).cluster(input("clustering",
        Map.of("aligned", aligned, "embeddings", emb), "")).artifactId();
    upstream = Map.of("model", model, "dataset", data.artifactId(), "aligned", aligned, "clustering", clustering);
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static StageInput input(String stage, Map<String, String> inputs, String decYaml) {
    return new StageInput("run-1", stage, ConfigLoader.parse("t", BASE + decYaml, List.of()).canonicalJson(), inputs);
  }

  static PreparedMouse toPrepared(PlantedMouse p) {
    MouseData m = p.data();
    float[] img = new float[m.images().capacity()];
    m.images().duplicate().get(0, img);
    float[] resp = new float[m.responses().capacity()];
    m.responses().duplicate().get(0, resp);
    String[] types = {"simple", "complex"};
    int[] t = new int[m.neurons()];
    float[] ori = new float[m.neurons()];
    for (int i = 0; i < t.length; i++) {
      t[i] = p.complex()[i] ? 1 : 0;
      ori[i] = (float) p.orientation()[i];
    }
    return PreparedMouse.of(m.mouseId(), m.channels(), m.height(), m.width(), img, m.neurons(), resp,
        new float[m.trials() * 3], new float[m.trials() * 2], m.tiers(), m.imageIds(), m.unitIds(),
        new float[m.neurons() * 3], new PreparedMouse.GroundTruth(t, types, ori, new float[t.length],
            new float[t.length]));
  }

  String text(StageManifest m, String name) throws java.io.IOException {
    return new String(store.readBlob(m.output(name)), StandardCharsets.UTF_8);
  }

  @Test
  void jointFineTuningPublishesTheArtifactsAndMetrics() throws Exception {
    DecActivitiesImpl impl = new DecActivitiesImpl(runner);
    StageOutput out = impl.fineTune(input("dec", upstream, """
        dec:
          k: 2
          max_epochs: 2
          lambda: 1000.0
          tol: 0.0
        """));
    assertFalse(out.cacheHit());
    StageManifest m = store.manifest(out.artifactId());
    assertTrue(m.outputs().keySet().containsAll(List.of("labels.csv", "embeddings.npy", "history.csv", "model.json",
        "params.npz")), m.outputs().keySet().toString());
    String[] labels = text(m, "labels.csv").split("\n");
    assertEquals("index,dec_2", labels[0]);
    assertEquals(17, labels.length);
    String[] history = text(m, "history.csv").split("\n");
    assertEquals("epoch,kl_per_neuron,poisson_objective,label_change,rho_st_val", history[0]);
    assertEquals(4, history.length, String.join("\n", history)); // start + 2 epochs
    Path npy = home.resolve("dec-emb.npy");
    Files.write(npy, store.readBlob(m.output("embeddings.npy")));
    NpyArray a = Npy.read(npy);
    assertArrayEquals(new long[] {16, 2, 4}, a.shape());
    Map<String, Double> x = out.metrics();
    for (String k : List.of("rho_st_val_before", "rho_st_val", "delta_rho_st_val", "rho_st_test", "rho_st_test_before",
        "delta_rho_st_test", "ari_before", "ari_after", "epochs", "silhouette_before", "silhouette_after")) {
      assertTrue(x.containsKey(k) && Double.isFinite(x.get(k)), k + " in " + x);
    }
    assertEquals(2.0, x.get("epochs"));
    assertEquals(x.get("rho_st_test") - x.get("rho_st_test_before"), x.get("delta_rho_st_test"), 1e-12);
    // per-neuron test scores after DEC: one row per neuron, their mean is the stage's rho_st_test
    assertEquals(x.get("rho_st_test"), meanRhoSt(m, 16), 1e-9);
    assertSoftMatchesLabels(m, "dec_2", 16, 2);
  }

  /** soft.npz holds {@code column} as float64 (n, k), rows summing to 1, argmax = the labels.csv column. */
  void assertSoftMatchesLabels(StageManifest m, String column, int n, int k) throws java.io.IOException {
    Path npz = home.resolve("soft-" + m.id() + ".npz");
    Files.write(npz, store.readBlob(m.output("soft.npz")));
    NpyArray q = org.cortexclust.common.io.Npz.read(npz, column);
    assertArrayEquals(new long[] {n, k}, q.shape());
    double[] v = q.toDoubleArray();
    String[] rows = text(m, "labels.csv").split("\n");
    for (int i = 0; i < n; i++) {
      double sum = 0;
      int best = 0;
      for (int j = 0; j < k; j++) {
        sum += v[i * k + j];
        if (v[i * k + j] > v[i * k + best]) best = j;
      }
      assertEquals(1.0, sum, 1e-9, "row " + i + " of Q sums to 1");
      assertEquals(rows[i + 1].split(",")[1], String.valueOf(best), "row " + i + ": argmax Q is the label");
    }
  }

  /** Mean of {@code rho_st.csv}'s rho_st_test column, checking it has {@code n} rows indexed 0..n−1. */
  double meanRhoSt(StageManifest m, int n) throws java.io.IOException {
    String[] rows = text(m, DecActivitiesImpl.RHO_ST_CSV).split("\n");
    assertEquals("index,rho_st_test", rows[0]);
    assertEquals(n + 1, rows.length);
    double sum = 0;
    for (int i = 1; i < rows.length; i++) {
      String[] c = rows[i].split(",");
      assertEquals(String.valueOf(i - 1), c[0]);
      sum += Double.parseDouble(c[1]);
    }
    return sum / n;
  }

  /** A first attempt dies after its first epoch checkpoint; the retry resumes and ends where an uninterrupted run ends. */
  @Test
  void retryResumesFromTheEpochCheckpoint() throws Exception {
    String dec = """
        dec:
          k: 2
          max_epochs: 2
          tol: 0.0
          update_interval: 3
          rho_drop_tolerance: %s
        """;
    // two configs that differ only in a stop rule neither run reaches, so they have different stage keys
    StageOutput direct = new DecActivitiesImpl(runner).fineTune(input("dec", upstream, dec.formatted("1000.0")));
    StageInput in = input("dec", upstream, dec.formatted("2000.0"));
    RuntimeException boom = assertThrows(RuntimeException.class, () -> runner.run(in, DecActivitiesImpl.SLICE,
        w -> DecActivitiesImpl.body(new DyingAfterFirstCheckpoint(w))));
    assertTrue(String.valueOf(boom.getMessage()).contains("simulated crash"), boom.getMessage());
    StageOutput resumed = new DecActivitiesImpl(runner).fineTune(in);
    assertFalse(resumed.cacheHit());
    StageManifest a = store.manifest(direct.artifactId());
    StageManifest b = store.manifest(resumed.artifactId());
    assertEquals(text(a, "labels.csv"), text(b, "labels.csv"));
    assertEquals(text(a, "history.csv"), text(b, "history.csv"));
    assertSameParams(a, b);
  }

  /** The two DEC artifacts hold the same tensors, bit for bit. */
  void assertSameParams(StageManifest a, StageManifest b) throws java.io.IOException {
    Path pa = home.resolve("direct.npz");
    Path pb = home.resolve("resumed.npz");
    Files.write(pa, store.readBlob(a.output("params.npz")));
    Files.write(pb, store.readBlob(b.output("params.npz")));
    Path mj = home.resolve("dec-model.json");
    Files.write(mj, store.readBlob(a.output("model.json")));
    var spec = org.cortexclust.training.checkpoint.ModelFiles.readSpec(mj);
    var da = org.cortexclust.training.checkpoint.ModelFiles.readParams(pa, spec);
    var db = org.cortexclust.training.checkpoint.ModelFiles.readParams(pb, spec);
    for (var e : da.entrySet()) assertArrayEquals(e.getValue(), db.get(e.getKey()), 0f, e.getKey());
  }

  /**
   * dec.start: epoch on the real path: the pre-training is one memoised artifact shared by λ variants, and a joint run
   * killed after its first epoch checkpoint resumes to the uninterrupted run's labels, history and tensors.
   */
  @Test
  void fromEpochSharesThePretrainingAndResumesAfterACrash() throws Exception {
    String dec = """
        dec:
          start: epoch
          pretrain_epochs: 1
          k: 2
          lambda: %s
          tol: %s
        """;
    DecActivitiesImpl impl = new DecActivitiesImpl(runner);
    StageOutput direct = impl.fineTune(input("dec", upstream, dec.formatted("1000.0", "0.001")));
    StageOutput plain = impl.fineTune(input("dec", upstream, dec.formatted("0.0", "0.001")));
    StageManifest a = store.manifest(direct.artifactId());
    String pretrained = a.inputs().get("pretrained");
    assertEquals(pretrained, store.manifest(plain.artifactId()).inputs().get("pretrained"));
    StageManifest pre = store.manifest(pretrained);
    assertEquals(DecActivitiesImpl.PRETRAIN, pre.stage());
    assertTrue(pre.outputs().containsKey("state.npz"), pre.outputs().keySet().toString());
    assertEquals(1.0, pre.metrics().get("epochs"));
    assertEquals(1.0, direct.metrics().get("pretrain_epochs"));
    assertEquals(3.0, direct.metrics().get("epochs")); // training.epochs: 1 pre-training + 2 joint
    assertEquals(3, text(a, "history.csv").split("\n").length - 1); // the epoch-1 start row + 2 joint epochs
    assertTrue(text(a, "model.json").matches("(?s).*\"dec_start\"\\s*:\\s*\"epoch\".*"), text(a, "model.json"));

    // tol is not used from epoch PE: the same run under another stage key
    StageInput in = impl.withPretraining(input("dec", upstream, dec.formatted("1000.0", "0.002")));
    assertEquals(pretrained, in.inputs().get("pretrained"));
    RuntimeException boom = assertThrows(RuntimeException.class, () -> runner.run(in, DecActivitiesImpl.SLICE,
        w -> DecActivitiesImpl.body(new DyingAfterFirstCheckpoint(w))));
    assertTrue(String.valueOf(boom.getMessage()).contains("simulated crash"), boom.getMessage());
    StageOutput resumed = impl.fineTune(input("dec", upstream, dec.formatted("1000.0", "0.002")));
    assertFalse(resumed.cacheHit());
    StageManifest b = store.manifest(resumed.artifactId());
    assertEquals(text(a, "labels.csv"), text(b, "labels.csv"));
    assertEquals(text(a, "history.csv"), text(b, "history.csv"));
    assertSameParams(a, b);
  }

  record DyingAfterFirstCheckpoint(org.cortexclust.common.stage.StageWork w)
      implements org.cortexclust.common.stage.StageWork {
    public org.cortexclust.common.config.ExperimentConfig config() {
      return w.config();
    }

    public long seed() {
      return w.seed();
    }

    public Path workDir() {
      return w.workDir();
    }

    public Path inputFile(String input, String fileName) throws java.io.IOException {
      return w.inputFile(input, fileName);
    }

    public boolean hasInput(String input) {

      return w.hasInput(input);

    }


    public StageManifest inputManifest(String input) {
      return w.inputManifest(input);
    }

    public void addOutput(String name, Path file) throws java.io.IOException {
      w.addOutput(name, file);
    }

    public void metric(String name, double value) {
      w.metric(name, value);
    }

    public org.cortexclust.common.progress.Progress progress() {
      return w.progress();
    }

    public void checkpoint(Path file, long step, Map<String, Double> values) throws java.io.IOException {
      w.checkpoint(file, step, values);
      throw new IllegalStateException("simulated crash after checkpoint " + step);
    }

    public java.util.Optional<Checkpoint> latestCheckpoint() throws java.io.IOException {
      return w.latestCheckpoint();
    }
  }

  @Test
  void embeddingsOnlyModeKeepsTheModelAndReportsLabels() throws Exception {
    StageOutput out = new DecActivitiesImpl(runner).fineTune(input("dec", upstream, """
        dec:
          mode: embeddings_only
          k: 2
          rotation: fixed
        """));
    StageManifest m = store.manifest(out.artifactId());
    StageManifest model = store.manifest(upstream.get("model"));
    assertEquals(model.output("params.npz").sha256(), m.output("params.npz").sha256());
    assertTrue(out.metrics().containsKey("steps"));
    assertTrue(out.metrics().containsKey("ari_after"));
    assertEquals(out.metrics().get("rho_st_test"), meanRhoSt(m, 16), 1e-9, "the unchanged model's test scores");
    assertSoftMatchesLabels(m, "dec_2", 16, 2);
  }

  @Test
  void unknownInitColumnNamesTheKeyAndTheColumns() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> new DecActivitiesImpl(runner).fineTune(
        input("dec", upstream, """
            dec:
              init_from: gmm_7
            """)));
    String msg = String.valueOf(e.getMessage()) + (e.getCause() != null ? e.getCause().getMessage() : "");
    assertTrue(msg.contains("dec.init_from") && msg.contains("kmeans_2"), msg);
  }

  /** dec.k left at its default (0) takes the clustering stage's k-means choice, a truth-free criterion. */
  @Test
  void defaultKIsTheClusteringStagesKMeansChoice() throws Exception {
    StageOutput out = new DecActivitiesImpl(runner).fineTune(input("dec", upstream, """
        dec:
          mode: embeddings_only
          rotation: fixed
          max_steps: 20
        """));
    double best = store.manifest(upstream.get("clustering")).metrics().get("kmeans_best_k");
    assertEquals(best, out.metrics().get("k"));
    assertEquals("index,dec_" + (int) best, text(store.manifest(out.artifactId()), "labels.csv").split("\n")[0]);
  }
}
