package org.cortexclust.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.data.simulator.VideoSimulator;
import org.cortexclust.data.simulator.VideoSimulatorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video dataset artifacts: from the video simulator and from a Sensorium 2023 folder, read back by {@link VideoMouse}. */
class VideoDatasetImporterTest {
  static final VideoSimulatorOptions SMALL = new VideoSimulatorOptions(2, 8, 6, 18, 24, 16, 20, 0.2, 9);

  @TempDir Path dir;

  static DataConfig config(String yaml) {
    return ConfigLoader.parse("t", yaml, List.of()).config().data();
  }

  @Test
  void aSensorium2023FolderBecomesOneZipPerMouseThatReadsBackTheSameTrials() throws Exception {
    List<Path> folders = VideoSimulator.write(SMALL, dir.resolve("src"), Progress.NONE);
    DataConfig c = config("data: {source: " + dir.resolve("src") + "}");
    DatasetImporter.Result r = DatasetImporter.importDataset(c, dir.resolve("work"), Progress.NONE);
    assertEquals(List.of("video-vsim1-9-1.zip", "video-vsim2-9-1.zip", "groundtruth.csv", "dataset.json"), List.copyOf(r.files().keySet()));
    JsonNode ds = new ObjectMapper().readTree(r.datasetJson());
    assertEquals("video", ds.get("kind").asText());
    assertEquals(16, ds.get("neurons").asInt());
    assertEquals(8, ds.get("mice").get(1).get("first_index").asInt());
    assertEquals(2, ds.get("tiers").get("oracle").asInt() / 2);
    assertEquals(16.0, r.metrics().get("neurons"));
    assertEquals(12.0, r.metrics().get("trials"));
    List<String> gt = Files.readAllLines(r.files().get("groundtruth.csv"));
    assertEquals(17, gt.size());
    assertTrue(gt.get(9).startsWith("8,vsim2-9-1,"), gt.get(9));
    try (VideoMouse folder = VideoMouse.open(MouseSource.folder(folders.get(1)));
        VideoMouse zipped = VideoMouse.open(MouseSource.zip(r.files().get("video-vsim2-9-1.zip")))) {
      assertEquals(folder.key(), zipped.key());
      assertArrayEquals(folder.tiers(), zipped.tiers());
      for (int i = 0; i < folder.trials(); i++) {
        assertArrayEquals(folder.trial(i).video(), zipped.trial(i).video());
        assertArrayEquals(folder.trial(i).responses(), zipped.trial(i).responses());
        assertArrayEquals(folder.trial(i).behavior(), zipped.trial(i).behavior());
      }
    }
    // same source, byte-identical artifact
    DatasetImporter.Result again = DatasetImporter.importDataset(c, dir.resolve("work2"), Progress.NONE);
    for (String f : r.files().keySet()) {
      assertArrayEquals(Files.readAllBytes(r.files().get(f)), Files.readAllBytes(again.files().get(f)), f);
    }
  }

  @Test
  void simulateVideoSourceUsesItsConfigSection() throws Exception {
    DataConfig c = config("data:\n  source: simulate-video\n  simulate_video: {mice: 1, neurons: 5, trials: 6, height: 18, width: 24, "
        + "min_frames: 16, max_frames: 18, seed: 4}\ndec: {mode: embeddings_only}\nevaluation: {performance_metric: rho_st_val}\n"
        + "training: {video: {temporal_kernels: [3, 3, 3]}}\n");
    DatasetImporter.Result r = DatasetImporter.importDataset(c, dir.resolve("work"), Progress.NONE);
    assertEquals(List.of("video-vsim1-4-1.zip", "groundtruth.csv", "dataset.json"), List.copyOf(r.files().keySet()));
    assertEquals("simulate-video", new ObjectMapper().readTree(r.datasetJson()).get("source").asText());
    assertEquals(5.0, r.metrics().get("neurons"));
  }

  @Test
  void aMalformedMouseNamesTheFileAndPublishesNothing() throws Exception {
    List<Path> folders = VideoSimulator.write(SMALL, dir.resolve("src"), Progress.NONE);
    Files.delete(folders.get(1).resolve("data/responses/3.npy"));
    DataConfig c = config("data: {source: " + dir.resolve("src") + "}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetImporter.importDataset(c, dir.resolve("work"), Progress.NONE));
    assertTrue(e.getMessage().contains("vsim2-9-1") && e.getMessage().contains("data/responses") && e.getMessage().contains("3.npy"),
        e.getMessage());
  }

  @Test
  void badSimulateVideoSettingsAreConfigErrors() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("v.yaml",
        "data: {simulate_video: {min_frames: 40, max_frames: 30, oracle_fraction: 0.7}}\n", List.of()));
    assertTrue(e.getMessage().contains("data.simulate_video.max_frames") && e.getMessage().contains("data.simulate_video.oracle_fraction"),
        e.getMessage());
  }
}
