package org.cortexclust.workflows.sweep;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A grid of experiments run as child workflows with a concurrency cap; resumable and bounded in history. */
@WorkflowInterface
public interface SweepWorkflow {
  @WorkflowMethod
  SweepResult run(SweepRequest request);

  @QueryMethod
  SweepProgress progress();
}
