package org.cortexclust.common.stage;

import org.cortexclust.common.config.ExperimentConfig;

/**
 * What a stage reads from outside the store, summarised before it runs, so that changed content is not a cache hit
 * (a folder's files, sizes and modification times; a URL's validator; an S3 prefix's object ETags). The result joins
 * the stage key; null means the config alone determines the content (the simulator, a source pinned by SHA-256).
 */
@FunctionalInterface
public interface SourceFingerprint {
  String of(ExperimentConfig config) throws Exception;
}
