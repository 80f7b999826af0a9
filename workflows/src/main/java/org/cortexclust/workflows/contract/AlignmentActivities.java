package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 4: rotation alignment of embeddings (input "embeddings"). */
@ActivityInterface
public interface AlignmentActivities {
  @ActivityMethod
  StageOutput align(StageInput in);
}
