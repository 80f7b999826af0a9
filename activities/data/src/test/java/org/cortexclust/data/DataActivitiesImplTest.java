package org.cortexclust.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.TestStore;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter on the real path: StageRunner + embedded S3, simulate and local-folder sources, cache hits, bad input. */
class DataActivitiesImplTest {
  @TempDir static Path home;
  static TestStore env;
  static EmbeddedS3 s3;
  static ArtifactStore store;
  static DataActivitiesImpl data;

  @BeforeAll
  static void start() throws Exception {
    env = TestStore.start(home);
    s3 = env.s3;
    store = env.store;
    data = new DataActivitiesImpl(env.runner,
        home.resolve("downloads"));
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  static String config(String dataYaml) {
    return ConfigLoader.parse("t", "name: data-test\nseed: 3\ndata:\n" + dataYaml, List.of()).canonicalJson();
  }

  static final String SIM = "  source: simulate\n  image_height: 18\n  image_width: 32\n"
      + "  simulate: {mice: 2, neurons: 40, trials: 240, height: 36, width: 64, seed: 5}\n";

  @Test
  void simulatedDatasetIsPublishedOnceAndReadBack() throws Exception {
    StageOutput a = data.fetchData(new StageInput("r1", "data", config(SIM), Map.of()));
    assertFalse(a.cacheHit());
    assertEquals(2.0, a.metrics().get("mice"));
    assertEquals(80.0, a.metrics().get("neurons"));
    assertEquals(480.0, a.metrics().get("trials"));
    assertTrue(a.metrics().get("noise_ceiling_rho_st") > 0.2, a.metrics().toString());
    for (String tier : List.of("train", "validation", "test", "final_test")) {
      double c = a.metrics().get("noise_ceiling_rho_st_" + tier);
      assertTrue(c > 0.2 && c < 1, tier + ": " + a.metrics());
    }
    StageManifest m = store.manifest(a.artifactId());
    assertEquals(java.util.Set.of("dataset.json", "groundtruth.csv", "mouse-sim1-5-1.bin", "mouse-sim2-5-1.bin"), m.outputs().keySet());
    JsonNode ds = new ObjectMapper().readTree(store.readBlob(m.output("dataset.json")));
    assertEquals(2, ds.get("mice").size());
    assertEquals(40, ds.get("mice").get(1).get("first_index").asInt());
    assertEquals(64, ds.get("mice").get(0).get("source_sha256").asText().length());
    assertEquals(80, ds.get("tiers").get("test").asInt(), "240/6 = 40 test trials per mouse (4 images x 10 repeats), 2 mice");
    assertEquals(40, ds.get("mice").get(0).get("tiers").get("test").asInt());
    Path bin = store.localCopy(m.output("mouse-sim2-5-1.bin"));
    try (PreparedMouse pm = PreparedMouse.open(bin)) {
      assertEquals("sim2-5-1", pm.mouseId());
      assertEquals(4, pm.channels());
      assertEquals(18, pm.height());
      assertEquals(32, pm.width());
      assertTrue(pm.groundTruth().isPresent());
    }
    String csv = new String(store.readBlob(m.output("groundtruth.csv")), StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertEquals("index,mouse,unit_id,gt_type,gt_type_index,gt_orientation,gt_rf_x,gt_rf_y,noise_ceiling", lines.get(0));
    assertEquals(81, lines.size());
    assertTrue(lines.get(41).startsWith("40,sim2-5-1,1,"), lines.get(41));

    // same config: cache hit, same artifact; another config slice: a new artifact
    StageOutput b = data.fetchData(new StageInput("r2", "data", config(SIM), Map.of()));
    assertTrue(b.cacheHit());
    assertEquals(a.artifactId(), b.artifactId());
    StageOutput c = data.fetchData(new StageInput("r3", "data", config(SIM.replace("seed: 5", "seed: 6")), Map.of()));
    assertNotEquals(a.artifactId(), c.artifactId());
  }

  @Test
  void s3PrefixOfMouseZipsIsImported() throws Exception {
    Path src = home.resolve("s3src");
    List<Path> mice = V1Simulator.write(SimulatorOptions.defaults(4).withSize(2, 10, 80, 24, 32), src, Progress.NONE);
    org.cortexclust.common.store.StoreSettings st = store.settings();
    try (ArtifactStore sources = new ArtifactStore(new org.cortexclust.common.store.StoreSettings(st.endpoint(), "sources", st.accessKey(),
        st.secretKey(), home.resolve("srccache")))) {
      sources.ensureBucket();
      for (Path m : mice) {
        Path zip = home.resolve(m.getFileName() + ".zip");
        org.cortexclust.data.sensorium.SensoriumReaderTestSupport.zip(m, zip, m.getFileName() + "/");
        sources.putObject("release/2022/" + zip.getFileName(), Files.readAllBytes(zip));
      }
      sources.putObject("other/ignored.txt", "x".getBytes(StandardCharsets.UTF_8));
    }
    StageOutput out = data.fetchData(new StageInput("r7", "data", config("  source: s3://sources/release/2022\n  image_height: 12\n  image_width: 16\n"), Map.of()));
    assertEquals(2.0, out.metrics().get("mice"));
    assertEquals(160.0, out.metrics().get("trials"));
    JsonNode ds = new ObjectMapper().readTree(store.readBlob(store.manifest(out.artifactId()).output("dataset.json")));
    assertEquals("s3://sources/release/2022", ds.get("source").asText());
    assertTrue(ds.get("mice").get(0).get("source").asText().endsWith(".zip"), ds.toString());
    RuntimeException empty = assertThrows(RuntimeException.class,
        () -> data.fetchData(new StageInput("r8", "data", config("  source: s3://sources/nothing-here\n"), Map.of())));
    assertTrue(String.valueOf(empty.getMessage()).contains("no objects under s3://sources/nothing-here"), empty.getMessage());
  }

  @Test
  void localFolderAndZipSourcesAndBadInputPublishNothing() throws Exception {
    Path src = home.resolve("sensorium");
    V1Simulator.write(SimulatorOptions.defaults(9).withSize(1, 20, 120, 32, 48), src, Progress.NONE);
    String yaml = "  source: " + src + "\n  image_height: 16\n  image_width: 24\n  include_behavior: false\n  resize: area\n";
    StageOutput out = data.fetchData(new StageInput("r4", "data", config(yaml), Map.of()));
    StageManifest m = store.manifest(out.artifactId());
    try (PreparedMouse pm = PreparedMouse.open(store.localCopy(m.output("mouse-sim1-9-1.bin")))) {
      assertEquals(1, pm.channels());
      assertEquals(120, pm.trials());
    }
    // break one response file: the stage fails with the file named, and publishes no new manifest
    Path mouse = Files.list(src).findFirst().orElseThrow();
    Files.write(mouse.resolve("data/responses/7.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M'});
    List<String> before = store.listManifestIds();
    String broken = yaml.replace("image_height: 16", "image_height: 12");
    RuntimeException e = assertThrows(RuntimeException.class, () -> data.fetchData(new StageInput("r5", "data", config(broken), Map.of())));
    String msg = e.getMessage() + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
    assertTrue(msg.contains("7.npy") && msg.contains("truncated"), msg);
    assertEquals(before, store.listManifestIds());
    RuntimeException missing = assertThrows(RuntimeException.class,
        () -> data.fetchData(new StageInput("r6", "data", config("  source: " + home.resolve("nope") + "\n"), Map.of())));
    assertTrue(String.valueOf(missing.getMessage()).contains("does not exist"), missing.getMessage());
  }
}
