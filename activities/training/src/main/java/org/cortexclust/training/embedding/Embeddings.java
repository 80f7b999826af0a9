package org.cortexclust.training.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortexclust.training.TrainingLoop;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;

/**
 * Embedding extraction: every neuron's readout feature vector reshaped to (f, n) — feature × rotation, from the
 * rotation-major channel index r·F + f (docs/science.md §2.1, §3) — plus its location and prediction quality.
 *
 * @param values (N_total · f · n) floats, neuron-major, then feature, then rotation
 */
public record Embeddings(int features, int rotations, float[] values, List<NeuronEmbedding> neurons) {

  /** Extract for all mice of the model, in spec order; reports progress ("mouse") after every mouse. */
  public static Embeddings extract(ModelSpec spec, Map<String, float[]> params, List<MouseData> mice, int evalBatch,
      String device, org.cortexclust.common.progress.Progress progress) {
    return extract(spec, params, mice, (m, idx) -> LibTorchTrainer.predictRates(spec, params, m, idx, evalBatch, device),
        progress);
  }

  /**
   * Extract for all mice of the model, in spec order, scoring the tiers with {@code predictor} (the model's engine,
   * evaluation mode); reports progress ("mouse") after every mouse.
   */
  public static Embeddings extract(ModelSpec spec, Map<String, float[]> params, List<MouseData> mice,
      TrainingLoop.Predictor predictor, org.cortexclust.common.progress.Progress progress) {
    int f = spec.features();
    int n = spec.rotations();
    int c = f * n;
    int total = spec.mice().stream().mapToInt(m -> m.neurons()).sum();
    float[] out = new float[total * c];
    List<NeuronEmbedding> rows = new ArrayList<>();
    int row = 0;
    for (var shape : spec.mice()) {
      MouseData m = mice.stream().filter(x -> x.mouseId().equals(shape.mouseId())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("dataset has no mouse '" + shape.mouseId()
              + "' that the model was trained on"));
      if (m.neurons() != shape.neurons()) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + ": model has " + shape.neurons()
            + " neurons, dataset has " + m.neurons());
      }
      double[][] val = tierRho(predictor, m, "validation");
      double[][] test = tierRho(predictor, m, "test");
      double[] rhoVal = val == null ? null : val[0];
      double[] rhoTest = test == null ? null : test[0];
      double[] cta = test == null ? null : test[1];
      row = appendMouse(spec, params, m.mouseId(), m.unitIds(), rhoVal, rhoTest, cta, out, row, rows);
      progress.report("mouse", rows.size(), total, Map.of());
    }
    return new Embeddings(f, n, out, List.copyOf(rows));
  }

  /**
   * Append one mouse's neurons (readout features reshaped to (f, n), location, quality) at {@code row} of {@code out}
   * and {@code rows}; returns the next row. The quality arrays may be null (NaN).
   */
  static int appendMouse(ModelSpec spec, Map<String, float[]> params, String mouse, int[] unitIds, double[] rhoVal,
      double[] rhoTest, double[] cta, float[] out, int row, List<NeuronEmbedding> rows) {
    int f = spec.features();
    int n = spec.rotations();
    int c = f * n;
    float[] w = params.get(spec.readout().embeddingTensor(mouse));
    double[][] loc = spec.readout().locations(spec, params, mouse, unitIds.length); // grid coordinates [−1, 1]
    for (int i = 0; i < unitIds.length; i++) {
      for (int ff = 0; ff < f; ff++) {
        for (int r = 0; r < n; r++) {
          out[(row * f + ff) * n + r] = w[i * c + r * f + ff];
        }
      }
      rows.add(new NeuronEmbedding(row, mouse, unitIds[i], loc[i][0], loc[i][1], at(rhoVal, i), at(rhoTest, i), at(cta, i)));
      row++;
    }
    return row;
  }

  private static double at(double[] v, int i) {
    return v == null ? Double.NaN : v[i];
  }

  /** {ρ_st, correlation to average} per neuron on one tier, or null when the tier has fewer than 2 trials. */
  private static double[][] tierRho(TrainingLoop.Predictor predictor, MouseData m, String tier) {
    int[] idx = m.trialIndices(tier);
    if (idx.length < 2) return null;
    float[] pred = predictor.predict(m, idx);
    float[] obs = m.responsesOf(idx);
    int[] ids = new int[idx.length];
    for (int i = 0; i < idx.length; i++) ids[i] = m.imageIds()[idx[i]];
    return new double[][] {Correlations.singleTrial(obs, pred, idx.length, m.neurons()),
        Correlations.toAverage(obs, pred, ids, m.neurons())};
  }
}
