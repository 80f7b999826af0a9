package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 2 and 3: train the core+readout model (input "dataset"); extract embeddings (inputs "model", "dataset"). */
@ActivityInterface
public interface TrainingActivities {
  @ActivityMethod
  StageOutput train(StageInput in);

  @ActivityMethod
  StageOutput extractEmbeddings(StageInput in);
}
