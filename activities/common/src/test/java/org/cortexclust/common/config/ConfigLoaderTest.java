package org.cortexclust.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path f = dir.resolve("exp.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void defaultsFillMissingKeysAndOverridesApply() throws Exception {
    LoadedConfig c = ConfigLoader.load(yaml("name: t\nseed: 7\ntraining:\n  epochs: 3\n"), List.of("training.batch_size=16"));
    assertEquals(7, c.config().seed());
    assertEquals(3, c.config().training().epochs());
    assertEquals(16, c.config().training().batchSize());
    assertEquals("libtorch", c.config().training().engine());
    assertEquals(36, c.config().data().imageHeight());
  }

  @Test
  void everyProblemIsReportedAtOnceWithFileAndKey() throws Exception {
    Path f = yaml("seed: seven\ntraining:\n  epoch: 3\n  batch_size: 0\n  engine: tensorflow\ndatta: {}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
    String m = e.getMessage();
    assertTrue(m.contains(f.toString()), m);
    assertTrue(m.contains("seed: expected an integer, found string 'seven'"), m);
    assertTrue(m.contains("training.epoch: unknown key (did you mean 'epochs'?)"), m);
    assertTrue(m.contains("datta: unknown key (did you mean 'data'?)"), m);
    assertEquals(3, e.problems().size(), m);
  }

  @Test
  void rangeAndChoiceProblemsAreCollectedAfterTypes() throws Exception {
    Path f = yaml("training:\n  batch_size: 0\n  engine: tensorflow\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
    assertTrue(e.getMessage().contains("training.batch_size: must be in [1, 65536], got 0"), e.getMessage());
    assertTrue(e.getMessage().contains("training.engine: must be one of [libtorch, dl4j], got 'tensorflow'"), e.getMessage());
    assertEquals(2, e.problems().size());
  }

  @Test
  void gridPredictorDefaultsOffAndItsSettingsAreChecked() throws Exception {
    LoadedConfig c = ConfigLoader.load(yaml("{}"), List.of());
    assertEquals(false, c.config().training().readout().gridPredictor().enabled());
    assertEquals(2, c.config().training().readout().gridPredictor().inputDimensions());
    LoadedConfig on = ConfigLoader.load(yaml("training:\n  readout:\n    grid_predictor: {enabled: true, hidden: 12}\n"),
        List.of());
    assertEquals(12, on.config().training().readout().gridPredictor().hidden());
    // which readout types the predictor places is the training module's readout registry's call (ReadoutConfigCheckTest)
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml("{}"),
        List.of("training.readout.grid_predictor.enabled=true", "training.readout.grid_predictor.input_dimensions=4")));
    assertTrue(e.getMessage().contains("training.readout.grid_predictor.input_dimensions: must be 2 (x, y) or 3"),
        e.getMessage());
    assertEquals(1, e.problems().size(), e.getMessage());
    ConfigException dl4j = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml("{}"),
        List.of("training.engine=dl4j", "training.readout.grid_predictor.enabled=true")));
    assertTrue(dl4j.getMessage().contains("training.readout.grid_predictor.enabled: the grid predictor runs on the "
        + "libtorch engine only"), dl4j.getMessage());
  }

  @Test
  void badOverrideIsNamed() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(yaml("{}"), List.of("training.epochz=3", "training=5", "nokey")));
    assertTrue(e.getMessage().contains("--set training.epochz: unknown key (did you mean 'epochs'?)"), e.getMessage());
    assertTrue(e.getMessage().contains("--set training: is a section"), e.getMessage());
    assertTrue(e.getMessage().contains("--set nokey: expected key.path=value"), e.getMessage());
  }

  @Test
  void canonicalFormIsOrderIndependentAndSensitiveToValues() throws Exception {
    LoadedConfig a = ConfigLoader.parse("a", "seed: 1\ntraining: {epochs: 3, batch_size: 8}", List.of());
    LoadedConfig b = ConfigLoader.parse("b", "training: {batch_size: 8, epochs: 3}\nseed: 1", List.of());
    LoadedConfig c = ConfigLoader.parse("c", "training: {batch_size: 8, epochs: 4}\nseed: 1", List.of());
    assertEquals(a.sha256(), b.sha256());
    assertNotEquals(a.sha256(), c.sha256());
    assertEquals(a.sliceJson(List.of("data")), c.sliceJson(List.of("data")));
    assertEquals(a.canonicalJson(), ConfigLoader.fromCanonicalJson(a.canonicalJson()).canonicalJson());
  }

  @Test
  void aDottedSliceKeyTakesThatOneValue() {
    LoadedConfig a = ConfigLoader.parse("a", "seed: 1\ndec: {lambda: 1000.0, pretrain_epochs: 4}", List.of());
    LoadedConfig b = ConfigLoader.parse("b", "seed: 1\ndec: {lambda: 0.0, k: 3, pretrain_epochs: 4}", List.of());
    LoadedConfig c = ConfigLoader.parse("c", "seed: 1\ndec: {pretrain_epochs: 5}", List.of());
    List<String> keys = List.of("seed", "dec.pretrain_epochs");
    assertEquals("{\"dec\":{\"pretrain_epochs\":4},\"seed\":1}", a.sliceJson(keys));
    assertEquals(a.sliceJson(keys), b.sliceJson(keys));
    assertNotEquals(a.sliceJson(keys), c.sliceJson(keys));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.sliceJson(List.of("dec.nope")));
    assertTrue(e.getMessage().contains("dec.nope"), e.getMessage());
  }

  @Test
  void malformedYamlAndMissingFileAreClear() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml("training: [1, 2\n"), List.of()));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    ConfigException e2 = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml"), List.of()));
    assertTrue(e2.getMessage().contains("file not found"), e2.getMessage());
  }
}
