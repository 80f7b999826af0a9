package org.cortexclust.alignment;

import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.config.AlignmentConfig;
import org.cortexclust.common.io.EmbeddingArrays;
import org.cortexclust.common.io.Shifts;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.workflows.contract.AlignmentActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * Stage adapter: input "embeddings" ({@code embeddings.npy}, (N, f, n)) → {@link RotationAlignment} →
 * {@code aligned.npy} float32 (N, f, n) and {@code shifts.npy} int32 (N). With {@code alignment.enabled: false} the
 * embeddings pass through unchanged with zero shifts.
 */
public final class AlignmentActivitiesImpl implements AlignmentActivities {
  private final StageRunner runner;

  public AlignmentActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput align(StageInput in) {
    return runner.run(in, List.of("seed", "alignment"), work -> {
      AlignmentConfig c = work.config().alignment();
      EmbeddingArrays emb = EmbeddingArrays.read(work.inputFile("embeddings", "embeddings.npy"));
      int n = emb.rows().length;
      double[][] aligned;
      int[] shifts;
      if (c.enabled()) {
        RotationAlignment.Options o = new RotationAlignment.Options(emb.features(), emb.rotations(), c.normalise(),
            Math.min(c.templates(), n), c.maxIterations(), work.seed());
        RotationAlignment.Result r = RotationAlignment.fit(emb.rows(), o, work.progress());
        aligned = r.aligned();
        shifts = r.shifts();
        work.metric("objective", r.objective());
        work.metric("iterations", r.iterations());
        work.metric("converged", r.converged() ? 1 : 0);
      } else {
        aligned = emb.rows();
        shifts = new int[n];
      }
      Path a = work.workDir().resolve("aligned.npy"), s = work.workDir().resolve("shifts.npy");
      new EmbeddingArrays(aligned, emb.features(), emb.rotations()).write(a);
      Shifts.write(s, shifts);
      work.addOutput("aligned.npy", a);
      work.addOutput("shifts.npy", s);
      work.metric("neurons", n);
      work.metric("features", emb.features());
      work.metric("rotations", emb.rotations());
    });
  }
}
