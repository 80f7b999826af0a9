package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.DecConfig;
import org.junit.jupiter.api.Test;

class DecConfigTest {
  @Test
  void defaultsYamlAndRecordAgree() {
    assertEquals(DecConfig.defaults(), ConfigLoader.parse("t", "", List.of()).config().dec());
  }

  @Test
  void badValuesAreReportedByKey() {
    Exception e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t", """
        dec:
          rotation: sideways
          method: kmeans
          tol: 2.0
        """, List.of()));
    String m = e.getMessage();
    assertTrue(m.contains("dec.rotation") && m.contains("dec.method") && m.contains("dec.tol"), m);
  }
}
