package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Bring your own embeddings: import a table of neuron embeddings made elsewhere (config section
 * {@code embeddings_source}) as an embeddings artifact, so alignment, clustering, DEC and the report run on it.
 */
@ActivityInterface
public interface ImportActivities {
  @ActivityMethod
  StageOutput importEmbeddings(StageInput in);
}
