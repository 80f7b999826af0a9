package org.cortexclust.clustering.method;

import java.util.List;
import org.cortexclust.common.config.ConfigCheck;
import org.cortexclust.common.config.ConfigErrors;
import org.cortexclust.common.config.ExperimentConfig;

/** {@code clustering.methods} against {@link ClusteringMethods}, at config load: an unknown name is named with the known. */
public final class MethodsConfigCheck implements ConfigCheck {
  @Override
  public void validate(ExperimentConfig config, ConfigErrors e) {
    if (!config.clustering().enabled()) return;
    List<String> known = ClusteringMethods.builtIn().names();
    for (String m : config.clustering().methods()) e.oneOf("clustering.methods", m, known);
  }
}
