package org.cortexclust.training.engine.libtorch;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cortexclust.training.BaselineResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.VideoData;

/**
 * Linear-nonlinear baseline on video: the static {@link LinearNonlinearBaseline} fitted on one row per frame whose
 * "image" holds the last {@code lags} video frames (2×2 average-pooled when {@code pool} = 2) plus the two behaviour
 * values as planes, i.e. a spatio-temporal linear filter per neuron with the same temporal reach as the CNN, ELU + 1,
 * Poisson loss, L2 chosen on the oracle tier. Training rows: every {@code stride}-th frame ≥ lags − 1 of the train
 * trials (neighbouring frames are highly correlated; the stride bounds the cost); validation rows: every frame ≥
 * {@code skip} of the oracle trials, so its validation ρ is the Sensorium 2023 metric
 * (concatenated frames, one correlation per neuron).
 */
public final class VideoLinearNonlinear {
  private VideoLinearNonlinear() {}

  public static BaselineResult fit(VideoData m, int lags, int pool, int stride, int skip, int iterations) {
    if (lags < 1 || pool < 1 || stride < 1 || skip < lags - 1) {
      throw new IllegalArgumentException("video LN baseline: need lags >= 1, pool >= 1, stride >= 1 and skip >= lags - 1, got " + lags
          + ", " + pool + ", " + stride + ", " + skip);
    }
    return LinearNonlinearBaseline.fit(lagged(m, lags, pool, stride, skip), iterations);
  }

  /** The per-frame design as a {@link MouseData} (tiers train / validation). */
  static MouseData lagged(VideoData m, int lags, int pool, int stride, int skip) {
    int hp = m.height() / pool;
    int wp = m.width() / pool;
    int c = lags + 2;
    int n = m.neurons();
    List<int[]> rows = new ArrayList<>(); // (trial, frame)
    List<String> tiers = new ArrayList<>();
    for (int i = 0; i < m.trials().size(); i++) {
      VideoData.Trial t = m.trials().get(i);
      String tier = t.tier().equals("train") ? "train" : t.tier().equals("oracle") ? "validation" : null;
      if (tier == null) continue;
      boolean tr = tier.equals("train");
      for (int k = tr ? lags - 1 : skip; k < t.frames(); k += tr ? stride : 1) {
        rows.add(new int[] {i, k});
        tiers.add(tier);
      }
    }
    int count = rows.size();
    float[] img = new float[count * c * hp * wp];
    float[] resp = new float[count * n];
    int hw = m.height() * m.width();
    float norm = 1f / (pool * pool);
    for (int q = 0; q < count; q++) {
      VideoData.Trial t = m.trials().get(rows.get(q)[0]);
      int k = rows.get(q)[1];
      for (int lag = 0; lag < lags; lag++) {
        int frame = (k - lag) * hw;
        int base = (q * c + lag) * hp * wp;
        for (int y = 0; y < hp; y++) {
          for (int x = 0; x < wp; x++) {
            float s = 0;
            for (int dy = 0; dy < pool; dy++) {
              for (int dx = 0; dx < pool; dx++) {
                s += t.video()[frame + (y * pool + dy) * m.width() + x * pool + dx];
              }
            }
            img[base + y * wp + x] = s * norm;
          }
        }
      }
      for (int b = 0; b < 2; b++) {
        java.util.Arrays.fill(img, (q * c + lags + b) * hp * wp, (q * c + lags + b + 1) * hp * wp, t.behavior()[k * 2 + b]);
      }
      System.arraycopy(t.responses(), k * n, resp, q * n, n);
    }
    int[] ids = java.util.stream.IntStream.range(0, count).toArray();
    return new MouseData(m.mouseId(), count, n, c, hp, wp, FloatBuffer.wrap(img), FloatBuffer.wrap(resp), tiers.toArray(String[]::new),
        ids, m.unitIds());
  }
}
