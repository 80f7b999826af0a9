package org.cortexclust.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** {@code training.readout.type} is checked at config load against the chosen engine's readout registry. */
class ReadoutConfigCheckTest {
  private static ConfigException fails(String... overrides) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.yaml", "{}", List.of(overrides)));
  }

  @Test
  void theKnownTypesLoadAndAnUnknownOneIsNamedWithTheEnginesTypes() {
    assertEquals("factorised", ConfigLoader.parse("t.yaml", "{}", List.of("training.readout.type=factorised")).config()
        .training().readout().type());
    ConfigException e = fails("training.readout.type=gausian");
    assertTrue(e.getMessage().contains("training.readout.type: the libtorch engine has no readout type 'gausian'; it has "
        + "[gaussian, factorised"), e.getMessage());
    ConfigException d = fails("training.engine=dl4j", "training.readout.type=pooled");
    assertTrue(d.getMessage().contains("training.readout.type: the dl4j engine has no readout type 'pooled'; it has "
        + "[gaussian, factorised]"), d.getMessage());
    assertEquals(1, d.problems().size(), d.getMessage());
  }

  @Test
  void theGridPredictorAndTheShifterNeedATypeWithLocations() {
    ConfigException e = fails("training.readout.type=factorised", "training.readout.grid_predictor.enabled=true");
    assertTrue(e.getMessage().contains("training.readout.grid_predictor.enabled: the grid predictor places Gaussian "
        + "readouts; training.readout.type is 'factorised' (set it to one of [gaussian] or disable the predictor)"),
        e.getMessage());
    assertEquals(1, e.problems().size(), e.getMessage());
    ConfigException v = assertThrows(ConfigException.class, () -> ConfigLoader.parse("v.yaml",
        "data: {source: simulate-video}\n", List.of("training.video.shifter=true", "training.readout.type=factorised")));
    assertTrue(v.getMessage().contains("training.video.shifter: the shifter moves Gaussian readout locations; "
        + "readout.type is 'factorised' (readout types it moves: [gaussian])"), v.getMessage());
  }
}
