package org.cortexclust.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.RawMouse;
import org.cortexclust.data.sensorium.SensoriumReaderTestSupport;
import org.cortexclust.data.sensorium.SensoriumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetImporterTest {
  @TempDir Path dir;

  /** Neuron indices follow the sorted mouse-*.bin names (the training stage's order), not the folder order. */
  @Test
  void miceAreIndexedInTheOrderOfTheirFileNames() throws Exception {
    Path src = dir.resolve("src");
    for (String key : List.of("a", "a-b")) {
      RawMouse t = SensoriumReaderTestSupport.tinyMouse();
      RawMouse m = new RawMouse(key, t.height(), t.width(), t.images(), t.neurons(), t.responses(), t.behavior(), t.pupilCenter(), t.tiers(),
          t.frameImageId(), t.trialIdx(), t.unitIds(), t.cellCoordinates(), null, null, null);
      SensoriumWriter.write(m, src.resolve(SensoriumWriter.folderName(key, "x")));
    }
    DataConfig c = ConfigLoader.parse("t", "data:\n  source: " + src + "\n  image_height: 4\n  image_width: 6\n", List.of()).config().data();
    DatasetImporter.Result r = DatasetImporter.importDataset(c, dir.resolve("work"), Progress.NONE);
    JsonNode ds = new ObjectMapper().readTree(r.datasetJson());
    // folders sort as "statica-Gray…" < "statica-b-Gray…", files as "mouse-a-b.bin" < "mouse-a.bin"
    assertEquals("a-b", ds.get("mice").get(0).get("key").asText());
    assertEquals(0, ds.get("mice").get(0).get("first_index").asInt());
    assertEquals("a", ds.get("mice").get(1).get("key").asText());
    assertEquals(5, ds.get("mice").get(1).get("first_index").asInt());
    assertEquals(List.of("mouse-a-b.bin", "mouse-a.bin"), r.files().keySet().stream().filter(f -> f.endsWith(".bin")).sorted().toList());
    assertFalse(r.files().containsKey("groundtruth.csv"));
    assertEquals(10.0, r.metrics().get("neurons"));
  }
}
