package org.cortexclust.workflows.experiment;

import java.util.List;
import org.cortexclust.workflows.contract.StageOutput;

/** Answer of the progress query: finished stages and the one running now (epoch/loss come from its heartbeats). */
public record ExperimentProgress(String runId, List<String> planned, List<StageOutput> finished, String running, String failure) {}
