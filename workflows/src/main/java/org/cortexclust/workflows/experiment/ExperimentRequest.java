package org.cortexclust.workflows.experiment;

import java.util.List;
import org.cortexclust.workflows.contract.StagePolicy;

/**
 * @param runId      experiment id (from the config hash)
 * @param configJson canonical config JSON
 * @param stages     the stages to run, in data-flow order (a subset of {@code Stages.ORDER})
 * @param policy     timeouts and retries
 */
public record ExperimentRequest(String runId, String configJson, List<String> stages, StagePolicy policy) {}
