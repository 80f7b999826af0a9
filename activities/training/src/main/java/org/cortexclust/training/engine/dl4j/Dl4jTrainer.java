package org.cortexclust.training.engine.dl4j;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingLoop;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.spec.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains a {@link ModelSpec} on the DL4J/ND4J SameDiff engine ({@link SdModel}, float32) with the engine-neutral
 * {@link TrainingLoop}: the same batches, early stopping, checkpoints and Adam (PyTorch's formulation) as the
 * LibTorch engine. The Gaussian readout's jitter ε is drawn from a Java stream seeded by (seed, step, mouse), so it
 * is reproducible but not the same numbers as LibTorch's generator.
 */
public final class Dl4jTrainer {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double ADAM_EPS = 1e-8;
  /** Written into the model manifest. */
  public static final String ENGINE = "dl4j-1.0.0-M2.1 (org.nd4j:nd4j-native SameDiff)";

  private Dl4jTrainer() {}

  /** Load and initialise the ND4J backend (natives) now, e.g. to time it apart from the first step. */
  public static void loadBackend() {
    Nd4j.create(1);
  }

  /** Train, or resume from {@code resume} (null to start fresh); see {@link TrainingLoop#run}. */
  public static TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume) {
    return fit(spec, mice, o, progress, checkpoints, resume, Integer.MAX_VALUE);
  }

  /** {@link #fit} that pauses after {@code pauseAt} epochs with the current tensors (see {@link TrainingLoop#run}). */
  public static TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, int pauseAt) {
    Nd4jRuntime.configure(o.threads(), o.device());
    TrainingLoop.Tiers tiers = TrainingLoop.tiers(spec, mice);
    TrainingLoop.checkResume(spec, resume);
    SdModel model = new SdModel(spec, resume != null ? resume.tensors() : spec.initialise(o.seed(), tiers.means()),
        DataType.FLOAT);
    Adam adam = new Adam(model, resume);
    return TrainingLoop.run(spec, o, progress, checkpoints, resume, TrainingLoop.session(
        (epoch, lr, p) -> trainEpoch(model, adam, mice, tiers.train(), o, epoch, lr, p),
        () -> TrainingLoop.validationScore(mice, tiers.val(), (m, idx) -> predict(model, m, idx, o.evalBatchSize())),
        model::snapshot, model::load, () -> adam.step, adam::moments), pauseAt);
  }

  /** One epoch; mean objective per step. Heartbeats ("step") at least every 10 s. */
  static double trainEpoch(SdModel model, Adam adam, List<MouseData> mice, Map<String, int[]> train, TrainOptions o,
      int epoch, double lr, Progress progress) {
    List<int[][]> batches = TrainingLoop.epochBatches(mice, train, o.batchSize(), o.seed(), epoch);
    int steps = TrainingLoop.steps(batches);
    double total = 0;
    long lastReport = System.nanoTime();
    for (int st = 0; st < steps; st++) {
      model.clampMeans();
      Map<String, SdModel.Batch> step = new LinkedHashMap<>();
      for (int k = 0; k < mice.size(); k++) {
        MouseData m = mice.get(k);
        int[] bi = batches.get(k)[st % batches.get(k).length];
        double[] eps = null;
        if (model.spec().readout().jittered()) {
          eps = gaussian(new SplittableRandom(TrainingLoop.mix(o.seed(), adam.step + 1, 1000 + k)),
              bi.length * m.neurons() * 2);
        }
        step.put(m.mouseId(), new SdModel.Batch(images(m, bi), bi.length, responses(m, bi), eps,
            train.get(m.mouseId()).length));
      }
      SdModel.Step r = model.lossAndGradients(step, true);
      total += r.loss();
      adam.update(r.gradients(), lr);
      r.release(); // native memory back now, not at the next GC (README, DL4J engine)
      Nd4jRuntime.bound();
      Progress.stopIfInterrupted();
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        progress.report("step", st + 1, steps, Map.of("epoch", epoch + 1.0, "loss", total / (st + 1)));
      }
    }
    return total / steps;
  }

  static double[] gaussian(SplittableRandom r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = r.nextDouble();
      double u2 = r.nextDouble();
      v[i] = Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }
    return v;
  }

  /** Predicted rates (len(trials) × N, trial-major) in evaluation mode (mean locations, running statistics). */
  public static float[] predictRates(ModelSpec spec, Map<String, float[]> params, MouseData m, int[] trials,
      int evalBatch, String device) {
    Nd4jRuntime.configure(0, device);
    return predict(new SdModel(spec, params, DataType.FLOAT), m, trials, evalBatch);
  }

  static float[] predict(SdModel model, MouseData m, int[] idx, int evalBatch) {
    float[] out = new float[idx.length * m.neurons()];
    model.clampMeans();
    for (int from = 0; from < idx.length; from += evalBatch) {
      int to = Math.min(idx.length, from + evalBatch);
      int[] part = java.util.Arrays.copyOfRange(idx, from, to);
      double[] r = model.rates(m.mouseId(), images(m, part), part.length, false, null);
      for (int i = 0; i < r.length; i++) out[from * m.neurons() + i] = (float) r[i];
      Nd4jRuntime.bound();
    }
    return out;
  }

  /**
   * Wall seconds of building the model (graph and gradient graph) and of each of {@code steps} training steps, the
   * first ones being warm-up (for benchmarks).
   */
  public record StepTimes(double buildSeconds, double[] stepSeconds) {}

  /**
   * Times {@code steps} training steps on {@code m}'s train tier (one batch-sized slice of the train tier per step,
   * batches drawn as in training), after building the model.
   */
  public static StepTimes timeTrainingSteps(ModelSpec spec, MouseData m, TrainOptions o, int steps) {
    Nd4jRuntime.configure(o.threads(), o.device());
    TrainingLoop.checkData(spec, List.of(m));
    int[] tr = m.trialIndices("train");
    long b0 = System.nanoTime();
    SdModel model = new SdModel(spec, spec.initialise(o.seed(), Map.of(m.mouseId(), m.meanResponse(tr))),
        DataType.FLOAT);
    double build = (System.nanoTime() - b0) / 1e9;
    Adam adam = new Adam(model, null);
    int perEpoch = Math.max(1, tr.length / o.batchSize());
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      int[] slice = java.util.Arrays.copyOfRange(tr, Math.floorMod(i, perEpoch) * o.batchSize(),
          (Math.floorMod(i, perEpoch) + 1) * o.batchSize());
      trainEpoch(model, adam, List.of(m), Map.of(m.mouseId(), slice), o, i, o.learningRate(), Progress.NONE);
      out[i] = (System.nanoTime() - t0) / 1e9;
    }
    return new StepTimes(build, out);
  }

  /** Images of the given trials, (b, C, H, W) trial-major. */
  static double[] images(MouseData m, int[] idx) {
    return gatherRows(m.images(), m.channels() * m.height() * m.width(), idx);
  }

  static double[] responses(MouseData m, int[] idx) {
    return gatherRows(m.responses(), m.neurons(), idx);
  }

  private static double[] gatherRows(FloatBuffer src, int row, int[] idx) {
    double[] out = new double[idx.length * row];
    for (int i = 0; i < idx.length; i++) {
      int base = idx[i] * row;
      for (int j = 0; j < row; j++) out[i * row + j] = src.get(base + j);
    }
    return out;
  }

  /** Adam (Kingma & Ba 2015, PyTorch's formulation, as the LibTorch engine) on the model's live arrays. */
  static final class Adam {
    final SdModel model;
    final Map<String, INDArray> m = new LinkedHashMap<>();
    final Map<String, INDArray> v = new LinkedHashMap<>();
    long step;

    Adam(SdModel model, TrainingState resume) {
      this.model = model;
      for (String n : model.trainableNames()) {
        INDArray p = model.array(n);
        float[] mi = resume != null ? resume.adamM().get(n) : new float[(int) p.length()];
        float[] vi = resume != null ? resume.adamV().get(n) : new float[(int) p.length()];
        if (mi == null || vi == null) {
          throw new IllegalArgumentException("checkpoint has no optimiser state for " + n);
        }
        m.put(n, Nd4j.create(mi, p.shape(), 'c').castTo(p.dataType()));
        v.put(n, Nd4j.create(vi, p.shape(), 'c').castTo(p.dataType()));
      }
      step = resume != null ? resume.adamStep() : 0;
    }

    void update(Map<String, INDArray> grads, double lr) {
      step++;
      double bc1 = 1 - Math.pow(BETA1, step);
      double bc2 = 1 - Math.pow(BETA2, step);
      for (String n : model.trainableNames()) {
        INDArray g0 = grads.get(n);
        if (g0 == null) continue;
        INDArray g = g0.reshape(m.get(n).shape());
        INDArray mm = m.get(n);
        INDArray vv = v.get(n);
        // the same operations as before, with every temporary freed at once (no native garbage per step)
        INDArray t1 = g.mul(1 - BETA1);
        mm.muli(BETA1).addi(t1);
        INDArray t2 = g.mul(g).muli(1 - BETA2);
        vv.muli(BETA2).addi(t2);
        INDArray denom = Transforms.sqrt(vv, true).divi(Math.sqrt(bc2)).addi(ADAM_EPS);
        INDArray step = mm.div(denom).muli(lr / bc1);
        model.array(n).subi(step);
        for (INDArray t : new INDArray[] {t1, t2, denom, step}) SdModel.release(t);
        if (g != g0) SdModel.release(g);
      }
    }

    Map<String, float[]> moments(boolean first) {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (var e : (first ? m : v).entrySet()) out.put(e.getKey(), SdModel.floats(e.getValue()));
      return out;
    }
  }
}
