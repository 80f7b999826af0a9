package org.cortexclust.workflows.contract;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Stage 1: import raw data (folder, zip, s3, https, or the simulator) as a prepared dataset artifact. No inputs. */
@ActivityInterface
public interface DataActivities {
  @ActivityMethod
  StageOutput fetchData(StageInput in);
}
