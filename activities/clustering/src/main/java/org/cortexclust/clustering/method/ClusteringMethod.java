package org.cortexclust.clustering.method;

import org.cortexclust.common.config.ClusteringConfig;

/**
 * One clustering method of the registry ({@link ClusteringMethods}): its name (the METHOD of labels.csv's METHOD_K
 * columns and of {@code clustering.methods}), its options in its own record {@code O}, read from the config, and
 * its binding to a data set. A new method is one class implementing this plus one line in {@link ClusteringMethods}.
 *
 * @param <O> the method's options record
 */
public interface ClusteringMethod<O extends Record> {
  String name();

  /** This method's options from the config (the keys documented in cortexclust/defaults/clustering.yaml). */
  O options(ClusteringConfig config);

  /** Bind to one data set; precomputation shared across k happens here (or in {@link DataSet#shared}). */
  Clusterer bind(DataSet data, O options);

  /** {@link #bind} with the options read from the config. */
  default Clusterer bind(DataSet data, ClusteringConfig config) {
    return bind(data, options(config));
  }
}
