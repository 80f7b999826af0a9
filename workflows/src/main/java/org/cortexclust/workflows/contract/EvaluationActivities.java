package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 7: evaluation and HTML report (inputs: every earlier stage's artifact that exists). */
@ActivityInterface
public interface EvaluationActivities {
  @ActivityMethod
  StageOutput evaluate(StageInput in);
}
