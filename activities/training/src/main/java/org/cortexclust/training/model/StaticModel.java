package org.cortexclust.training.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;

/** A static (image) model on one {@link StaticEngine} with its mice (held in the spec's readout order). */
public final class StaticModel implements TrainedModel {
  private final StaticEngine engine;
  private final ModelSpec spec;
  private final Map<String, float[]> params;
  private final List<MouseData> mice;
  private final Map<String, PreparedMouse.GroundTruth> truth;
  private final Runnable onClose;

  /**
   * @param mice    the data, any order (every mouse of the spec must be there)
   * @param truth   ground truth by mouse id (mice without are left out)
   * @param onClose releases the data (may be null)
   */
  public StaticModel(StaticEngine engine, ModelSpec spec, Map<String, float[]> params, List<MouseData> mice,
      Map<String, PreparedMouse.GroundTruth> truth, Runnable onClose) {
    this.engine = engine;
    this.spec = spec;
    this.params = params;
    this.mice = orderLike(spec, mice);
    this.truth = Map.copyOf(truth);
    this.onClose = onClose;
  }

  /** A model held in memory (no ground truth, nothing to release). */
  public static StaticModel of(StaticEngine engine, ModelSpec spec, Map<String, float[]> params, List<MouseData> mice) {
    return new StaticModel(engine, spec, params, mice, Map.of(), null);
  }

  /** The mice in the model's readout order. */
  static List<MouseData> orderLike(ModelSpec spec, List<MouseData> mice) {
    List<MouseData> out = new ArrayList<>();
    for (MouseShape s : spec.mice()) {
      out.add(mice.stream().filter(m -> m.mouseId().equals(s.mouseId())).findFirst().orElseThrow(() ->
          new IllegalArgumentException("dataset has no mouse '" + s.mouseId() + "' that the model was trained on")));
    }
    return List.copyOf(out);
  }

  /** The mice, in readout order. */
  public List<MouseData> mice() {
    return mice;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public List<ParamSpec> parameters() {
    return spec.parameters();
  }

  @Override
  public String architectureHash() {
    return spec.architectureHash();
  }

  @Override
  public String engine() {
    return engine.id();
  }

  @Override
  public Map<String, float[]> params() {
    return params;
  }

  @Override
  public Map<String, PreparedMouse.GroundTruth> groundTruth() {
    return truth;
  }

  @Override
  public double testScore(Map<String, float[]> p, TrainOptions o) {
    double sum = 0;
    long count = 0;
    for (double[] mouse : testScoresByMouse(p, o)) {
      if (mouse == null) continue;
      for (double r : mouse) {
        sum += r;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  @Override
  public double[] testScores(Map<String, float[]> p, TrainOptions o) {
    List<double[]> byMouse = testScoresByMouse(p, o);
    double[] out = new double[mice.stream().mapToInt(MouseData::neurons).sum()];
    int at = 0;
    for (int m = 0; m < mice.size(); m++) {
      int nm = mice.get(m).neurons();
      double[] mouse = byMouse.get(m);
      for (int j = 0; j < nm; j++) out[at + j] = mouse == null ? Double.NaN : mouse[j];
      at += nm;
    }
    return out;
  }

  /** Per mouse in model order: its neurons' test single-trial ρ, or null when it has fewer than 2 test trials. */
  private List<double[]> testScoresByMouse(Map<String, float[]> p, TrainOptions o) {
    List<double[]> out = new ArrayList<>();
    for (MouseData m : mice) {
      int[] idx = m.trialIndices("test");
      if (idx.length < 2) {
        out.add(null);
        continue;
      }
      float[] pred = engine.predictRates(spec, p, m, idx, o.evalBatchSize(), o.device());
      out.add(Correlations.singleTrial(m.responsesOf(idx), pred, idx.length, m.neurons()));
    }
    return out;
  }

  @Override
  public Embeddings embeddings(Map<String, float[]> p, TrainOptions o, Progress progress) {
    return Embeddings.extract(spec, p, mice,
        (m, idx) -> engine.predictRates(spec, p, m, idx, o.evalBatchSize(), o.device()), progress);
  }

  @Override
  public void writeModelJson(Path file, Map<String, Object> extra) throws IOException {
    ModelFiles.writeModelJson(file, spec, engine.id(), extra);
  }

  @Override
  public void writeParams(Path file, Map<String, float[]> p) throws IOException {
    ModelFiles.writeParams(file, spec, p);
  }

  @Override
  public void writeCheckpoint(Path file, TrainingState state) throws IOException {
    ModelFiles.writeCheckpoint(file, spec, state);
  }

  @Override
  public TrainingState readCheckpoint(Path file) throws IOException {
    return ModelFiles.readCheckpoint(file, spec);
  }

  @Override
  public Tuning tune(Map<String, float[]> p, Set<String> frozen, TrainOptions o, TrainingState resume) {
    return engine.tune(spec, p, mice, o, frozen, resume);
  }

  @Override
  public void close() {
    if (onClose != null) onClose.run();
  }
}
