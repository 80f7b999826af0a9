package org.cortexclust.workflows.experiment;

import java.util.List;
import java.util.Map;
import org.cortexclust.workflows.contract.StageOutput;

/** The outcome of an experiment: every stage's output (artifact id, cache hit, metrics) in order. */
public record ExperimentResult(String runId, List<StageOutput> stages) {
  /** Artifact id per stage name. */
  public Map<String, String> artifacts() {
    var m = new java.util.LinkedHashMap<String, String>();
    stages.forEach(s -> m.put(s.stage(), s.artifactId()));
    return m;
  }
}
