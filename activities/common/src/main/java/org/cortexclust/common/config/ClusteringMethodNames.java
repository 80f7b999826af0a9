package org.cortexclust.common.config;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The names {@code clustering.methods} accepts. The list itself is the clustering module's registry
 * ({@code org.cortexclust.clustering.method.ClusteringMethods}); config validation, which lives below that module,
 * finds it through {@link ServiceLoader}. Without the clustering module on the class path the names are not checked
 * here (the clustering stage still rejects an unknown one, listing the known).
 */
public interface ClusteringMethodNames {
  List<String> names();

  /** The installed registry's names, if the clustering module is on the class path. */
  static Optional<List<String>> installed() {
    for (ClusteringMethodNames n : ServiceLoader.load(ClusteringMethodNames.class, ClusteringMethodNames.class.getClassLoader())) {
      return Optional.of(n.names());
    }
    return Optional.empty();
  }
}
