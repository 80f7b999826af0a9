package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 6: DEC fine-tuning with the joint loss (inputs "model", "dataset", "aligned", "clustering"). */
@ActivityInterface
public interface DecActivities {
  @ActivityMethod
  StageOutput fineTune(StageInput in);
}
