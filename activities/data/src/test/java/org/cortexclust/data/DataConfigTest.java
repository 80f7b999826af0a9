package org.cortexclust.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.junit.jupiter.api.Test;

/** data.yaml, DataConfig and the simulator's defaults agree; bad values are named by key. */
class DataConfigTest {
  @Test
  void shippedDefaultsMatchTheQuickstartSimulator() {
    DataConfig c = ConfigLoader.parse("t", "{}", List.of()).config().data();
    assertEquals("simulate", c.source());
    assertEquals(36, c.imageHeight());
    assertEquals(64, c.imageWidth());
    assertTrue(c.includeBehavior());
    assertEquals("bilinear", c.resize());
    assertNull(c.sha256());
    SimulatorOptions fromYaml = DatasetImporter.simulatorOptions(c.simulate());
    SimulatorOptions defaults = SimulatorOptions.defaults(1);
    assertEquals(defaults.withSize(1, 200, 1200, 72, 128).toString().replaceAll("Fraction=[0-9.E-]+", ""),
        fromYaml.toString().replaceAll("Fraction=[0-9.E-]+", ""));
    assertEquals(defaults.testFraction(), fromYaml.testFraction(), 1e-6);
    assertEquals(defaults.finalTestFraction(), fromYaml.finalTestFraction(), 1e-6);
    assertEquals(defaults.validationFraction(), fromYaml.validationFraction(), 1e-12);
  }

  @Test
  void badValuesAreNamedTogether() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t",
        "data:\n  resize: cubic\n  sha256: xyz\n  simulate:\n    test_fraction: 0.6\n    height: 8\n", List.of()));
    String m = e.getMessage();
    for (String key : List.of("data.resize", "data.sha256", "data.simulate.test_fraction", "data.simulate.height")) {
      assertTrue(m.contains(key), key + " in " + m);
    }
    assertEquals(4, e.problems().size(), m);
  }
}
