package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 5: clustering baselines, k selection and t-SNE (input "aligned"). */
@ActivityInterface
public interface ClusteringActivities {
  @ActivityMethod
  StageOutput cluster(StageInput in);
}
