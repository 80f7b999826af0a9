package org.cortexclust.workflows.experiment;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One experiment: data → training → embeddings → alignment → clustering → DEC → evaluation. */
@WorkflowInterface
public interface ExperimentWorkflow {
  @WorkflowMethod
  ExperimentResult run(ExperimentRequest request);

  @QueryMethod
  ExperimentProgress progress();
}
