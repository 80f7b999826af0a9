package org.cortexclust.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on the real path: embedded S3, StageRunner, prepared-mouse files, checkpoints and resume. */
class TrainingActivitiesImplTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;
  static StageRunner runner;
  static String datasetId;
  static PlantedMouse planted;

  static final String YAML = """
      seed: 3
      training:
        epochs: 3
        batch_size: 32
        threads: 1
        patience: 10
        core: {features: 2, rotations: 4, kernel_sizes: [7, 5]}
      """;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
    runner = env.runner;
    planted = PlantedMouse.generate("m7", 240, 10, 18, 18, 8, 3, 0.5, 4);
    PreparedMouse pm = toPrepared(planted);
    StageOutput data = runner.run(input("data", Map.of()), List.of("seed", "data"), w -> {
      Path f = w.workDir().resolve("mouse-m7.bin");
      pm.write(f);
      w.addOutput("mouse-m7.bin", f);
      Path j = w.workDir().resolve("dataset.json");
      Files.writeString(j, "{\"mice\":[\"m7\"]}");
      w.addOutput("dataset.json", j);
    });
    datasetId = data.artifactId();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static StageInput input(String stage, Map<String, String> inputs) {
    return new StageInput("run-1", stage, ConfigLoader.parse("t", YAML, List.of()).canonicalJson(), inputs);
  }

  static PreparedMouse toPrepared(PlantedMouse p) {
    MouseData m = p.data();
    float[] img = new float[m.images().capacity()];
    m.images().duplicate().rewind();
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
        m.cellCoordinates(), new PreparedMouse.GroundTruth(t, types, ori, new float[t.length],
            new float[t.length]));
  }

  @Test
  void trainThenExtractEmbeddings() throws Exception {
    TrainingActivitiesImpl impl = new TrainingActivitiesImpl(runner);
    StageOutput model = impl.train(input("training", Map.of("dataset", datasetId)));
    assertFalse(model.cacheHit());
    StageManifest mm = store.manifest(model.artifactId());
    assertTrue(mm.outputs().keySet().containsAll(List.of("model.json", "params.npz", "history.csv")));
    assertEquals(3.0, model.metrics().get("epochs"));
    assertTrue(model.metrics().get("rho_st_val") > 0.05, "model learned something: " + model.metrics());
    assertTrue(model.metrics().containsKey("rho_st_test"));
    String history = new String(store.readBlob(mm.output("history.csv")), StandardCharsets.UTF_8);
    assertEquals(4, history.split("\n").length, history);
    assertTrue(history.startsWith("epoch,loss,rho_st_val,lr,seconds\n"));

    StageOutput emb = impl.extractEmbeddings(input("embeddings", Map.of("model", model.artifactId(),
        "dataset", datasetId)));
    StageManifest em = store.manifest(emb.artifactId());
    Path npy = home.resolve("emb.npy");
    Files.write(npy, store.readBlob(em.output("embeddings.npy")));
    NpyArray a = Npy.read(npy);
    assertArrayEquals(new long[] {10, 2, 4}, a.shape());
    String csv = new String(store.readBlob(em.output("neurons.csv")), StandardCharsets.UTF_8);
    String[] lines = csv.split("\n");
    assertEquals(11, lines.length);
    assertEquals("index,mouse,unit_id,readout_x,readout_y,rho_st_val,rho_st_test,corr_to_avg,gt_type,gt_orientation",
        lines[0]);
    assertTrue(lines[1].startsWith("0,m7,1000,"), lines[1]);
    assertTrue(lines[1].contains(planted.complex()[0] ? ",complex," : ",simple,"), lines[1]);
    // the embedding equals the readout features reshaped (f, n) from the rotation-major channel index r·F + f
    Path params = home.resolve("p.npz");
    Files.write(params, store.readBlob(mm.output("params.npz")));
    Path modelJson = home.resolve("model.json");
    Files.write(modelJson, store.readBlob(mm.output("model.json")));
    ModelSpec spec = ModelFiles.readSpec(modelJson);
    float[] w = ModelFiles.readParams(params, spec).get("readout.m7.features");
    float[] e = new float[(int) a.size()];
    a.rawData().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(e);
    int neuron = 3, f = 1, r = 2;
    assertEquals(w[neuron * 8 + r * 2 + f], e[(neuron * 2 + f) * 4 + r], 0f);
  }

  /** training.engine: dl4j trains on SameDiff, is its own cache key and names its engine in model.json. */
  @Test
  void dl4jEngineIsDispatchedCachedSeparatelyAndRecorded() throws Exception {
    TrainingActivitiesImpl impl = new TrainingActivitiesImpl(runner);
    String yaml = YAML.replace("  epochs: 3", "  engine: dl4j\n  epochs: 2");
    StageInput in = new StageInput("run-3", "training", ConfigLoader.parse("t", yaml, List.of()).canonicalJson(),
        Map.of("dataset", datasetId));
    StageOutput dl4j = impl.train(in);
    StageOutput torch = impl.train(new StageInput("run-3", "training", ConfigLoader.parse("t",
        yaml.replace("engine: dl4j", "engine: libtorch"), List.of()).canonicalJson(), Map.of("dataset", datasetId)));
    assertFalse(dl4j.cacheHit());
    assertFalse(torch.cacheHit(), "the engine is part of the training cache key");
    assertTrue(impl.train(in).cacheHit());
    StageManifest mm = store.manifest(dl4j.artifactId());
    String json = new String(store.readBlob(mm.output("model.json")), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"engine\" : \"dl4j") || json.contains("\"engine\":\"dl4j"), json);
    assertEquals(2.0, dl4j.metrics().get("epochs"));
    assertEquals(torch.metrics().get("rho_st_val"), dl4j.metrics().get("rho_st_val"), 0.05);
  }

  /** Grid predictor on: the prepared mouse's coordinates place the readouts, and the embeddings report that place. */
  @Test
  void gridPredictorPlacesReadoutsFromPreparedCoordinates() throws Exception {
    String cfg = ConfigLoader.parse("t", YAML, List.of("training.readout.grid_predictor.enabled=true",
        "training.readout.grid_predictor.hidden=6")).canonicalJson();
    TrainingActivitiesImpl impl = new TrainingActivitiesImpl(runner);
    StageOutput model = impl.train(new StageInput("run-3", "training", cfg, Map.of("dataset", datasetId)));
    StageManifest mm = store.manifest(model.artifactId());
    Path modelJson = home.resolve("grid-model.json");
    Files.write(modelJson, store.readBlob(mm.output("model.json")));
    ModelSpec spec = ModelFiles.readSpec(modelJson);
    assertTrue(spec.gridPredictor().enabled() && spec.gridPredictor().hidden() == 6, spec.toString());
    Path paramsFile = home.resolve("grid.npz");
    Files.write(paramsFile, store.readBlob(mm.output("params.npz")));
    Map<String, float[]> params = ModelFiles.readParams(paramsFile, spec);
    assertFalse(params.containsKey("readout.m7.mu"));
    assertArrayEquals(spec.gridPredictor().sourceGrid("m7", planted.data().cellCoordinates(), 10),
        params.get("readout.m7.grid.source"));
    StageOutput emb = impl.extractEmbeddings(new StageInput("run-3", "embeddings", cfg,
        Map.of("model", model.artifactId(), "dataset", datasetId)));
    String[] lines = new String(store.readBlob(store.manifest(emb.artifactId()).output("neurons.csv")),
        StandardCharsets.UTF_8).split("\n");
    double[][] loc = spec.gridPredictor().locations(params, "m7", 10);
    for (int i = 0; i < 10; i++) {
      String[] cols = lines[i + 1].split(",");
      assertEquals(loc[i][0], Double.parseDouble(cols[3]), 1e-5, "readout_x of neuron " + i);
      assertEquals(loc[i][1], Double.parseDouble(cols[4]), 1e-5, "readout_y of neuron " + i);
    }
  }

  /**
   * A simulated mouse carries the simulator's noise ceiling: training and embeddings publish it as {@code oracle_rho_st}
   * with ρ_st over it; the planted mouse (no ceiling, like real data) publishes neither.
   */
  @Test
  void simulatedDataReportsRhoStOverTheNoiseCeiling() throws Exception {
    Path sim = home.resolve("sim");
    List<Path> folders = org.cortexclust.data.simulator.V1Simulator.write(
        org.cortexclust.data.simulator.SimulatorOptions.defaults(5).withSize(1, 30, 240, 36, 64), sim, Progress.NONE);
    PreparedMouse pm;
    try (org.cortexclust.data.sensorium.MouseSource src =
        org.cortexclust.data.sensorium.MouseSource.folder(folders.get(0))) {
      pm = org.cortexclust.data.sensorium.SensoriumReader.read(src, new org.cortexclust.data.sensorium.SensoriumReader
          .Options(18, 32, false, org.cortexclust.data.sensorium.ImageResize.Method.BILINEAR), Progress.NONE);
    }
    double ceiling = pm.attributes().get(NoiseCeiling.ATTRIBUTE);
    StageInput dataIn = new StageInput("run-4", "data", ConfigLoader.parse("t", YAML.replace("seed: 3", "seed: 5"),
        List.of()).canonicalJson(), Map.of()); // another key than the planted dataset's
    String simData = runner.run(dataIn, List.of("seed", "data"), w -> {
      Path f = w.workDir().resolve("mouse-sim.bin");
      pm.write(f);
      w.addOutput("mouse-sim.bin", f);
    }).artifactId();
    String yaml = YAML.replace("  epochs: 3", "  epochs: 1");
    String cfg = ConfigLoader.parse("t", yaml, List.of()).canonicalJson();
    TrainingActivitiesImpl impl = new TrainingActivitiesImpl(runner);
    StageOutput model = impl.train(new StageInput("run-4", "training", cfg, Map.of("dataset", simData)));
    StageOutput emb = impl.extractEmbeddings(new StageInput("run-4", "embeddings", cfg,
        Map.of("model", model.artifactId(), "dataset", simData)));
    double valCeiling = pm.attributes().get(NoiseCeiling.ATTRIBUTE + "_validation");
    double testCeiling = pm.attributes().get(NoiseCeiling.ATTRIBUTE + "_test");
    assertTrue(valCeiling > 0 && valCeiling < 1 && testCeiling > 0 && testCeiling < 1, pm.attributes().toString());
    assertTrue(valCeiling != ceiling && testCeiling != ceiling, "each tier's own trials: " + pm.attributes());
    for (StageOutput out : List.of(model, emb)) {
      Map<String, Double> m = out.metrics();
      double oracle = m.get("oracle_rho_st");
      assertEquals(ceiling, oracle, 0.0, "one mouse: its own ceiling " + m);
      assertTrue(oracle > 0 && oracle < 1, m.toString());
      assertEquals(valCeiling, m.get("oracle_rho_st_val"), 0.0, m.toString());
      assertEquals(testCeiling, m.get("oracle_rho_st_test"), 0.0, m.toString());
      assertEquals(m.get("rho_st_test") / testCeiling, m.get("rho_st_test_over_oracle"), 0.0, "over the test trials' ceiling " + m);
      assertEquals(m.get("rho_st_val") / valCeiling, m.get("rho_st_val_over_oracle"), 0.0, "over the validation trials' ceiling " + m);
    }

    StageOutput plantedModel = impl.train(new StageInput("run-4", "training", cfg, Map.of("dataset", datasetId)));
    StageOutput plantedEmb = impl.extractEmbeddings(new StageInput("run-4", "embeddings", cfg,
        Map.of("model", plantedModel.artifactId(), "dataset", datasetId)));
    for (StageOutput out : List.of(plantedModel, plantedEmb)) {
      assertTrue(out.metrics().containsKey("rho_st_test"), out.metrics().toString());
      assertTrue(out.metrics().keySet().stream().noneMatch(k -> k.contains("oracle")), out.metrics().toString());
    }
  }

  /** A first attempt dies after its first checkpoint; the retry resumes and ends where uninterrupted training ends. */
  @Test
  void retryResumesFromCheckpointAndMatchesUninterruptedTraining() throws Exception {
    StageInput in = new StageInput("run-2", "training", ConfigLoader.parse("t", YAML.replace("seed: 3", "seed: 4"),
        List.of()).canonicalJson(), Map.of("dataset", datasetId));
    RuntimeException boom = assertThrows(RuntimeException.class, () -> runner.run(in, TrainingActivitiesImpl.SLICE,
        w -> TrainingActivitiesImpl.trainBody(new DyingAfterFirstCheckpoint(w))));
    assertTrue(boom.getMessage().contains("simulated crash"), boom.getMessage());
    StageOutput out = new TrainingActivitiesImpl(runner).train(in);
    assertFalse(out.cacheHit());
    StageManifest m = store.manifest(out.artifactId());
    Path params = home.resolve("resumed.npz");
    Files.write(params, store.readBlob(m.output("params.npz")));
    Path modelJson = home.resolve("resumed-model.json");
    Files.write(modelJson, store.readBlob(m.output("model.json")));
    ModelSpec spec = ModelFiles.readSpec(modelJson);
    Map<String, float[]> resumed = ModelFiles.readParams(params, spec);
    ExperimentConfig cfg = ConfigLoader.fromCanonicalJson(in.configJson()).config();
    TrainingResult direct = LibTorchTrainer.fit(spec, List.of(planted.data()),
        TrainingSetup.options(cfg.training(), cfg.seed()), Progress.NONE, null, null);
    for (var e : direct.params().entrySet()) {
      assertArrayEquals(e.getValue(), resumed.get(e.getKey()), 0f, e.getKey());
    }
    String history = new String(store.readBlob(m.output("history.csv")), StandardCharsets.UTF_8);
    assertEquals(4, history.split("\n").length, "history carries the epoch of the first attempt: " + history);
  }

  /** Delegates to the real StageWork and throws right after the first checkpoint was stored. */
  record DyingAfterFirstCheckpoint(StageWork w) implements StageWork {
    public ExperimentConfig config() {
      return w.config();
    }

    public long seed() {
      return w.seed();
    }

    public Path workDir() {
      return w.workDir();
    }

    public Path inputFile(String input, String fileName) throws IOException {
      return w.inputFile(input, fileName);
    }

    public boolean hasInput(String input) {
      return w.hasInput(input);
    }

    public StageManifest inputManifest(String input) {
      return w.inputManifest(input);
    }

    public void addOutput(String name, Path file) throws IOException {
      w.addOutput(name, file);
    }

    public void metric(String name, double value) {
      w.metric(name, value);
    }

    public Progress progress() {
      return w.progress();
    }

    public void checkpoint(Path file, long step, Map<String, Double> values) throws IOException {
      w.checkpoint(file, step, values);
      throw new IllegalStateException("simulated crash after checkpoint " + step);
    }

    public Optional<Checkpoint> latestCheckpoint() throws IOException {
      return w.latestCheckpoint();
    }
  }
}
