package org.cortexclust.common.stage;

/** The science part of a stage: reads inputs, computes, adds outputs and metrics. */
@FunctionalInterface
public interface StageBody {
  void run(StageWork work) throws Exception;
}
