package org.cortexclust.workflows.contract;

import java.util.List;

/** Stage names in data-flow order, and the task queues they run on. */
public final class Stages {
  public static final String DATA = "data";
  public static final String TRAINING = "training";
  public static final String EMBEDDINGS = "embeddings";
  /** Bring your own embeddings: a table made elsewhere stands in for training + extraction. */
  public static final String IMPORT = "import";
  public static final String ALIGNMENT = "alignment";
  public static final String CLUSTERING = "clustering";
  public static final String DEC = "dec";
  public static final String EVALUATION = "evaluation";

  public static final List<String> ORDER = List.of(DATA, TRAINING, EMBEDDINGS, IMPORT, ALIGNMENT, CLUSTERING, DEC, EVALUATION);

  public static final String CPU_QUEUE = "cpu";
  public static final String GPU_QUEUE = "gpu";

  private Stages() {}
}
