package org.cortexclust.training;

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
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.data.DataActivitiesImpl;
import org.cortexclust.data.VideoDatasetImporter;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.engine.libtorch.VideoTrainer;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training and embeddings stages on a video dataset artifact, on the real path (embedded S3, StageRunner, the data
 * stage's simulate-video artifact): outputs and scores, and a crashed attempt resumed from its stage checkpoint ending
 * bit for bit where uninterrupted training ends.
 */
class VideoTrainingStageTest {
  @TempDir static Path home;
  static TestStore env;
  static ArtifactStore store;
  static StageRunner runner;
  static String datasetId;

  static final String YAML = """
      seed: 3
      data:
        source: simulate-video
        simulate_video: {mice: 1, neurons: 12, trials: 10, height: 18, width: 24, min_frames: 24, max_frames: 28, oracle_fraction: 0.2, seed: 5}
      training:
        epochs: 3
        batch_size: 4
        threads: 1
        patience: 10
        core: {features: 2, rotations: 4, kernel_sizes: [5, 3]}
        video: {space_time: full3d, temporal_kernels: [3, 3], chunk_frames: 10, score_skip: 8}
      dec: {mode: embeddings_only}
      evaluation: {performance_metric: rho_st_val}
      """;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    store = env.store;
    runner = env.runner;
    datasetId = new DataActivitiesImpl(runner).fetchData(input("run-0", "data", YAML, Map.of())).artifactId();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static StageInput input(String run, String stage, String yaml, Map<String, String> inputs) {
    return new StageInput(run, stage, ConfigLoader.parse("t", yaml, List.of()).canonicalJson(), inputs);
  }

  @Test
  void trainsAVideoModelAndExtractsStaticFormEmbeddings() throws Exception {
    TrainingActivitiesImpl impl = new TrainingActivitiesImpl(runner);
    StageOutput model = impl.train(input("run-1", "training", YAML, Map.of("dataset", datasetId)));
    StageManifest mm = store.manifest(model.artifactId());
    assertTrue(mm.outputs().keySet().containsAll(List.of("model.json", "params.npz", "history.csv")), mm.outputs().keySet().toString());
    assertEquals(3.0, model.metrics().get("epochs"));
    assertEquals(5.0, model.metrics().get("temporal_receptive_field"));
    assertTrue(Double.isFinite(model.metrics().get("sensorium2023_oracle")), model.metrics().toString());
    assertTrue(Double.isFinite(model.metrics().get("rho_trial_oracle")), model.metrics().toString());
    assertFalse(model.metrics().containsKey("rho_st_test"), "video data has no test responses");
    Path modelJson = home.resolve("video-model.json");
    Files.write(modelJson, store.readBlob(mm.output("model.json")));
    assertTrue(ModelFiles.isVideoModel(modelJson));
    VideoSpec spec = ModelFiles.readVideoSpec(modelJson);
    assertEquals(SpaceTime.FULL_3D, spec.spaceTime());
    assertEquals(List.of(3, 3), spec.temporalKernels());
    IllegalArgumentException notStatic = assertThrows(IllegalArgumentException.class, () -> {
      try {
        ModelFiles.readSpec(modelJson);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    });
    assertTrue(notStatic.getMessage().contains("dynamic video model"), notStatic.getMessage());

    StageOutput emb = impl.extractEmbeddings(input("run-1", "embeddings", YAML, Map.of("model", model.artifactId(), "dataset", datasetId)));
    StageManifest em = store.manifest(emb.artifactId());
    String csv = new String(store.readBlob(em.output("neurons.csv")), StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertEquals(13, lines.size());
    assertEquals("index,mouse,unit_id,readout_x,readout_y,rho_st_val,rho_st_test,corr_to_avg,gt_type,gt_orientation", lines.get(0));
    assertTrue(lines.get(1).startsWith("0,vsim1-5-1,"), lines.get(1));
    assertEquals(12.0, emb.metrics().get("neurons"));
    // the pooled oracle score of the embeddings stage is the training stage's Sensorium 2023 score (same model, same trials)
    assertEquals(model.metrics().get("sensorium2023_oracle"), emb.metrics().get("rho_st_val"), 1e-6);
  }

  /** A first attempt dies after its first checkpoint; the retry resumes and ends where uninterrupted training ends. */
  @Test
  void retryResumesFromCheckpointAndMatchesUninterruptedTraining() throws Exception {
    String yaml = YAML.replace("seed: 3", "seed: 4");
    StageInput in = input("run-2", "training", yaml, Map.of("dataset", datasetId));
    RuntimeException boom = assertThrows(RuntimeException.class, () -> runner.run(in, TrainingActivitiesImpl.SLICE,
        w -> TrainingActivitiesImpl.trainBody(new TrainingActivitiesImplTest.DyingAfterFirstCheckpoint(w))));
    assertTrue(boom.getMessage().contains("simulated crash"), boom.getMessage());
    StageOutput out = new TrainingActivitiesImpl(runner).train(in);
    assertFalse(out.cacheHit());
    StageManifest m = store.manifest(out.artifactId());
    Path modelJson = home.resolve("resumed-video-model.json");
    Files.write(modelJson, store.readBlob(m.output("model.json")));
    Path params = home.resolve("resumed-video.npz");
    Files.write(params, store.readBlob(m.output("params.npz")));
    VideoSpec spec = ModelFiles.readVideoSpec(modelJson);
    Map<String, float[]> resumed = ModelFiles.readParams(params, spec);

    StageManifest data = store.manifest(datasetId);
    Path zip = home.resolve("direct.zip");
    String name = data.outputs().keySet().stream().filter(n -> n.startsWith(VideoDatasetImporter.PREFIX)).findFirst().orElseThrow();
    Files.write(zip, store.readBlob(data.output(name)));
    VideoData mouse;
    try (VideoMouse vm = VideoMouse.open(MouseSource.zip(zip))) {
      mouse = VideoData.read(vm);
    }
    ExperimentConfig cfg = ConfigLoader.fromCanonicalJson(in.configJson()).config();
    VideoTrainer.Result direct = VideoTrainer.fit(spec, List.of(mouse), TrainingSetup.options(cfg.training(), cfg.seed()),
        VideoTrainingStage.videoOptions(cfg.training()), Progress.NONE, null, null);
    for (var e : direct.training().params().entrySet()) {
      assertArrayEquals(e.getValue(), resumed.get(e.getKey()), 0f, e.getKey());
    }
    String history = new String(store.readBlob(m.output("history.csv")), StandardCharsets.UTF_8);
    assertEquals(4, history.split("\n").length, "history carries the epoch of the first attempt: " + history);
  }
}
