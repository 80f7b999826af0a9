package org.cortexclust.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.alignment.AlignmentActivitiesImpl;
import org.cortexclust.data.DataActivitiesImpl;
import org.cortexclust.dec.DecActivitiesImpl;
import org.cortexclust.data.embeddings.ImportActivitiesImpl;
import org.cortexclust.training.TrainingActivitiesImpl;
import org.cortexclust.clustering.ClusteringActivitiesImpl;
import org.cortexclust.evaluation.EvaluationActivitiesImpl;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.StageActivityOptions;

/** The stage activity implementations this build provides, and which stages they serve. */
public final class StageRegistry {
  /** stage names served by one activity implementation. */
  record Entry(List<String> stages, Function<StageRunner, Object> factory) {}

  private static final List<Entry> ENTRIES = new ArrayList<>(defaults());

  /** The stage activities of this build. */
  static List<Entry> defaults() {
    return List.of(
        new Entry(List.of(Stages.DATA), DataActivitiesImpl::new),
        new Entry(List.of(Stages.TRAINING, Stages.EMBEDDINGS), TrainingActivitiesImpl::new),
        new Entry(List.of(Stages.IMPORT), ImportActivitiesImpl::new),
        new Entry(List.of(Stages.ALIGNMENT), AlignmentActivitiesImpl::new),
        new Entry(List.of(Stages.CLUSTERING), ClusteringActivitiesImpl::new),
        new Entry(List.of(Stages.DEC), DecActivitiesImpl::new),
        new Entry(List.of(Stages.EVALUATION), EvaluationActivitiesImpl::new));
  }

  private StageRegistry() {}

  /** Stages this build can run, in data-flow order. */
  public static List<String> available() {
    List<String> out = new ArrayList<>();
    for (String s : Stages.ORDER) {
      if (ENTRIES.stream().anyMatch(e -> e.stages().contains(s))) {
        out.add(s);
      }
    }
    return out;
  }

  /** Activity implementations to register on {@code queue}. */
  static List<Object> activitiesFor(String queue, StageRunner runner) {
    Map<Object, Boolean> out = new LinkedHashMap<>();
    for (Entry e : ENTRIES) {
      if (e.stages().stream().anyMatch(s -> StageActivityOptions.queueOf(s).equals(queue))) {
        out.put(e.factory().apply(runner), true);
      }
    }
    return new ArrayList<>(out.keySet());
  }

  /** For tests: replace the implementations with exactly these (e.g. controlled activities for crash tests). */
  static synchronized void useOnly(List<Entry> entries) {
    ENTRIES.clear();
    ENTRIES.addAll(entries);
  }
}
