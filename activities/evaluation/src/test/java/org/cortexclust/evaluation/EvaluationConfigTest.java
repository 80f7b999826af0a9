package org.cortexclust.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cortexclust.common.config.ConfigException;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.EvaluationConfig;
import org.junit.jupiter.api.Test;

/** evaluation.yaml, EvaluationConfig and EvaluationConfig.defaults() must agree; bad values are named. */
class EvaluationConfigTest {
  @Test
  void shippedDefaultsEqualTheRecordDefaults() {
    EvaluationConfig loaded = ConfigLoader.parse("t", "{}", List.of()).config().evaluation();
    assertEquals(EvaluationConfig.defaults(), loaded);
  }

  @Test
  void overridesBindAndBadValuesAreNamed() {
    EvaluationConfig c = ConfigLoader.parse("t", "evaluation:\n  primary_clustering: kmeans_12\n  quantile_bins: 5\n",
        List.of()).config().evaluation();
    assertEquals("kmeans_12", c.primaryClustering());
    assertEquals(5, c.quantileBins());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t",
        "evaluation:\n  performance_metric: feve\n  quantile_bins: 1\n  alpha: 2.0\n  primary_clustering: kmeans\n",
        List.of()));
    String m = e.getMessage();
    assertTrue(m.contains("evaluation.performance_metric"), m);
    assertTrue(m.contains("evaluation.quantile_bins"), m);
    assertTrue(m.contains("evaluation.alpha"), m);
    assertTrue(m.contains("evaluation.primary_clustering"), m);
    assertEquals(4, e.problems().size(), m);
  }
}
