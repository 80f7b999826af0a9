package org.cortexclust.training.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.engine.libtorch.VideoTrainer;
import org.cortexclust.training.measures.VideoCorrelations;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.VideoSpec;

/**
 * Embeddings of a dynamic (video) model, in the same form as {@link Embeddings} (readout feature vector reshaped to
 * feature × rotation, readout location), so alignment, clustering, DEC and evaluation take them unchanged. Quality:
 * {@code rhoStVal} is the Sensorium 2023 score of the oracle tier (first {@code skip} frames of every trial dropped,
 * trials concatenated); test-tier correlations are NaN (the release has no test responses).
 */
public final class VideoEmbeddings {
  private VideoEmbeddings() {}

  public static Embeddings extract(VideoSpec spec, Map<String, float[]> params, List<VideoData> mice, int skip, String device,
      Progress progress) {
    var base = spec.base();
    int total = base.mice().stream().mapToInt(MouseShape::neurons).sum();
    float[] out = new float[total * base.coreChannels()];
    List<NeuronEmbedding> rows = new ArrayList<>();
    int row = 0;
    for (MouseShape shape : base.mice()) {
      VideoData m = mice.stream().filter(x -> x.mouseId().equals(shape.mouseId())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("dataset has no mouse '" + shape.mouseId() + "' that the video model was trained on"));
      if (m.neurons() != shape.neurons()) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + ": model has " + shape.neurons() + " neurons, dataset has " + m.neurons());
      }
      int[] oracle = m.trialIndices("oracle");
      double[] rho = null;
      if (oracle.length > 0) {
        List<float[]> obs = new ArrayList<>();
        for (int i : oracle) obs.add(m.trials().get(i).responses());
        rho = VideoCorrelations.concatenated(obs, VideoTrainer.predictTrials(spec, params, m, oracle, device), m.neurons(), skip);
      }
      row = Embeddings.appendMouse(base, params, m.mouseId(), m.unitIds(), rho, null, null, out, row, rows);
      progress.report("mouse", rows.size(), total, Map.of());
    }
    return new Embeddings(base.features(), base.rotations(), out, List.copyOf(rows));
  }
}
