package org.cortexclust.clustering.method;

import java.util.List;
import org.cortexclust.common.config.ClusteringMethodNames;

/** Hands {@link ClusteringMethods}' names to config validation (registered in META-INF/services). */
public final class RegistryNames implements ClusteringMethodNames {
  @Override
  public List<String> names() {
    return ClusteringMethods.builtIn().names();
  }
}
