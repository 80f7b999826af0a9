package org.cortexclust.workflows.experiment;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexclust.workflows.contract.AlignmentActivities;
import org.cortexclust.workflows.contract.ClusteringActivities;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.DecActivities;
import org.cortexclust.workflows.contract.EvaluationActivities;
import org.cortexclust.workflows.contract.ImportActivities;
import org.cortexclust.workflows.contract.StageGraph;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.contract.TrainingActivities;

/**
 * Deterministic: calls stage activities in data-flow order and passes artifact ids between them. No I/O, no
 * clocks, no science here.
 */
public class ExperimentWorkflowImpl implements ExperimentWorkflow {
  private ExperimentRequest request;
  private final List<StageOutput> finished = new ArrayList<>();
  private String running;
  private String failure;

  @Override
  public ExperimentResult run(ExperimentRequest req) {
    this.request = req;
    Map<String, String> ids = new HashMap<>();
    for (String stage : Stages.ORDER) {
      if (!req.stages().contains(stage)) {
        continue;
      }
      running = stage;
      StageInput in = new StageInput(req.runId(), stage, req.configJson(), inputsOf(stage, ids));
      StageOutput out;
      try {
        out = call(stage, in, StageActivityOptions.forStage(stage, req.policy()));
      } catch (ActivityFailure e) {
        failure = stage + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        running = null;
        throw e;
      }
      ids.put(StageGraph.provides(stage), out.artifactId());
      finished.add(out);
    }
    running = null;
    return new ExperimentResult(req.runId(), List.copyOf(finished));
  }

  /** The artifact ids a stage reads: its inputs in {@link StageGraph} whose upstream stage has run. */
  static Map<String, String> inputsOf(String stage, Map<String, String> ids) {
    Map<String, String> in = new TreeMap<>();
    StageGraph.INPUTS.get(stage).forEach((name, upstream) -> {
      String id = ids.get(upstream);
      if (id != null) {
        in.put(name, id);
      }
    });
    return in;
  }

  private static StageOutput call(String stage, StageInput in, ActivityOptions o) {
    return switch (stage) {
      case Stages.DATA -> Workflow.newActivityStub(DataActivities.class, o).fetchData(in);
      case Stages.TRAINING -> Workflow.newActivityStub(TrainingActivities.class, o).train(in);
      case Stages.EMBEDDINGS -> Workflow.newActivityStub(TrainingActivities.class, o).extractEmbeddings(in);
      case Stages.IMPORT -> Workflow.newActivityStub(ImportActivities.class, o).importEmbeddings(in);
      case Stages.ALIGNMENT -> Workflow.newActivityStub(AlignmentActivities.class, o).align(in);
      case Stages.CLUSTERING -> Workflow.newActivityStub(ClusteringActivities.class, o).cluster(in);
      case Stages.DEC -> Workflow.newActivityStub(DecActivities.class, o).fineTune(in);
      case Stages.EVALUATION -> Workflow.newActivityStub(EvaluationActivities.class, o).evaluate(in);
      default -> throw new IllegalArgumentException("unknown stage " + stage);
    };
  }

  @Override
  public ExperimentProgress progress() {
    return new ExperimentProgress(request == null ? null : request.runId(),
        request == null ? List.of() : request.stages(), List.copyOf(finished), running, failure);
  }
}
