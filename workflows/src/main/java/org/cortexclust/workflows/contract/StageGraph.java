package org.cortexclust.workflows.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which upstream stage's artifact each stage reads, under which input name: the pipeline's DAG. */
public final class StageGraph {
  /** stage → (input name → upstream stage), in data-flow order. */
  public static final Map<String, Map<String, String>> INPUTS = build();

  private StageGraph() {}

  private static Map<String, Map<String, String>> build() {
    Map<String, Map<String, String>> g = new LinkedHashMap<>();
    g.put(Stages.DATA, Map.of());
    g.put(Stages.TRAINING, Map.of("dataset", Stages.DATA));
    g.put(Stages.EMBEDDINGS, Map.of("model", Stages.TRAINING, "dataset", Stages.DATA));
    g.put(Stages.IMPORT, Map.of());
    g.put(Stages.ALIGNMENT, Map.of("embeddings", Stages.EMBEDDINGS));
    g.put(Stages.CLUSTERING, Map.of("aligned", Stages.ALIGNMENT, "embeddings", Stages.EMBEDDINGS));
    g.put(Stages.DEC, Map.of("model", Stages.TRAINING, "dataset", Stages.DATA, "aligned", Stages.ALIGNMENT,
        "clustering", Stages.CLUSTERING, "embeddings", Stages.EMBEDDINGS));
    g.put(Stages.EVALUATION, Map.of("dataset", Stages.DATA, "model", Stages.TRAINING, "embeddings", Stages.EMBEDDINGS,
        "aligned", Stages.ALIGNMENT, "clustering", Stages.CLUSTERING, "dec", Stages.DEC));
    return java.util.Collections.unmodifiableMap(g);
  }

  /** The artifact kind a stage provides to downstream inputs: an import provides embeddings. */
  public static String provides(String stage) {
    return Stages.IMPORT.equals(stage) ? Stages.EMBEDDINGS : stage;
  }

  /** Upstream stages of {@code stage} (sorted, for stable output). */
  public static List<String> upstream(String stage) {
    return INPUTS.get(stage).values().stream().distinct().sorted().toList();
  }
}
