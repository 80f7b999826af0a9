package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.EpochRecord;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;

/**
 * Trains a {@link ModelSpec} on LibTorch: Adam, multi-mouse steps (one batch of every mouse per step, shorter
 * mice cycle; gradients accumulated), validation ρ_st after every epoch, early stopping with best weights restored
 * and the learning rate decayed at the end of each phase (science.md §3.6–3.7). The outside sees only the spec,
 * float arrays and {@link TrainingResult}.
 *
 * <p>Phase rule (documented simplification of the sensorium trainer): after {@code patience} epochs without an
 * improvement of more than {@code tolerance}, restore the best tensors, then either stop (last phase) or multiply
 * the LR by {@code lrDecayFactor} (not below {@code minLr}).
 */
public final class LibTorchTrainer {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double ADAM_EPS = 1e-8;

  private LibTorchTrainer() {}

  /**
   * Train, or resume from {@code resume} (null to start fresh).
   *
   * @param checkpoints receives the full state after every epoch (may be null)
   */
  public static TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume) {
    TorchRuntime.ensureLoaded(o.threads());
    checkData(spec, mice);
    Device device = device(o.device());
    Map<String, int[]> train = new HashMap<>();
    Map<String, int[]> val = new HashMap<>();
    Map<String, float[]> means = new HashMap<>();
    for (MouseData m : mice) {
      int[] tr = m.trialIndices("train");
      if (tr.length < 2) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + " has " + tr.length + " train trials; need >= 2");
      }
      train.put(m.mouseId(), tr);
      val.put(m.mouseId(), m.trialIndices("validation"));
      means.put(m.mouseId(), m.meanResponse(tr));
    }
    if (resume != null && !resume.architectureHash().equals(spec.architectureHash())) {
      throw new IllegalArgumentException("checkpoint belongs to architecture " + resume.architectureHash()
          + ", the configured model is " + spec.architectureHash());
    }
    TorchModel model = new TorchModel(spec, resume != null ? resume.tensors()
        : spec.initialise(o.seed(), means, cellCoordinates(mice)), ScalarType.Float, device);
    Adam adam = new Adam(model, resume);
    int epoch = resume != null ? resume.epoch() : 0;
    double lr = resume != null ? resume.lr() : o.learningRate();
    double bestScore = resume != null ? resume.bestScore() : Double.NEGATIVE_INFINITY;
    int bestEpoch = resume != null ? resume.bestEpoch() : 0;
    int bad = resume != null ? resume.badEpochs() : 0;
    int phase = resume != null ? resume.phase() : 0;
    Map<String, float[]> best = resume != null ? resume.best() : null;
    List<EpochRecord> history = new ArrayList<>(resume != null ? resume.history() : List.of());
    boolean finished = resume != null && resume.finished();
    String stop = resume != null ? resume.stopReason() : "";

    while (!finished) {
      if (epoch >= o.maxEpochs()) {
        stop = "epoch cap " + o.maxEpochs() + " reached";
        break;
      }
      long t0 = System.nanoTime();
      double loss = trainEpoch(model, adam, mice, train, o, epoch, lr, progress, null);
      epoch++;
      double score = Double.isFinite(loss) ? validationScore(model, mice, val, o.evalBatchSize()) : Double.NaN;
      double secs = (System.nanoTime() - t0) / 1e9;
      history.add(new EpochRecord(epoch, loss, score, lr, secs));
      if (!Double.isFinite(loss) || !Double.isFinite(score)) {
        stop = "non-finite loss or score at epoch " + epoch;
        finished = true;
      } else if (score > bestScore + o.tolerance()) {
        bestScore = score;
        bestEpoch = epoch;
        best = model.snapshot();
        bad = 0;
      } else if (++bad >= o.patience()) {
        bad = 0;
        phase++;
        if (best != null) model.load(best);
        if (phase >= o.lrDecaySteps()) {
          stop = "no improvement for " + o.patience() + " epochs in the last of " + o.lrDecaySteps() + " LR phases";
          finished = true;
        } else {
          lr = Math.max(lr * o.lrDecayFactor(), o.minLr());
        }
      }
      progress.report("epoch", epoch, o.maxEpochs(), Map.of("loss", loss, "rho_st_val", score, "lr", lr,
          "best_rho_st_val", bestScore));
      if (!finished && epoch >= o.maxEpochs()) {
        stop = "epoch cap " + o.maxEpochs() + " reached";
        finished = true;
      }
      if (finished && best != null) {
        model.load(best);
      }
      if (checkpoints != null) {
        checkpoints.accept(new TrainingState(spec.architectureHash(), epoch, adam.step, lr, bestScore, bestEpoch, bad,
            phase, finished, stop, model.snapshot(), adam.moments(true), adam.moments(false), best,
            List.copyOf(history)));
      }
    }
    if (best != null) {
      model.load(best);
    }
    Map<String, float[]> params = model.snapshot();
    TrainingState last = new TrainingState(spec.architectureHash(), epoch, adam.step, lr, bestScore, bestEpoch, bad,
        phase, true, stop, params, adam.moments(true), adam.moments(false), best, List.copyOf(history));
    return new TrainingResult(spec, params, List.copyOf(history), bestScore, bestEpoch, stop, last);
  }

  /** Cortical coordinates by mouse id (mice without any are left out; the grid predictor names them). */
  static Map<String, float[]> cellCoordinates(List<MouseData> mice) {
    Map<String, float[]> out = new HashMap<>();
    for (MouseData m : mice) {
      if (m.cellCoordinates() != null) out.put(m.mouseId(), m.cellCoordinates());
    }
    return out;
  }

  static Device device(String name) {
    if ("cuda".equals(name) && !TorchRuntime.cudaAvailable()) {
      throw new IllegalStateException("training.device is 'cuda' but no CUDA device is usable by this LibTorch "
          + "build (build with -Pgpu and run on a host with CUDA 13 / cuDNN 9)");
    }
    return new Device(name);
  }

  static void checkData(ModelSpec spec, List<MouseData> mice) {
    if (mice.size() != spec.mice().size()) {
      throw new IllegalArgumentException("model has readouts for " + spec.mice().size() + " mice, data has "
          + mice.size());
    }
    for (MouseData m : mice) {
      MouseShape s = spec.mouse(m.mouseId());
      if (s.neurons() != m.neurons()) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + ": model expects " + s.neurons()
            + " neurons, data has " + m.neurons());
      }
      if (m.channels() != spec.inputChannels() || m.height() != spec.inputHeight()
          || m.width() != spec.inputWidth()) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + ": model expects input " + spec.inputChannels()
            + "x" + spec.inputHeight() + "x" + spec.inputWidth() + ", data has " + m.channels() + "x" + m.height()
            + "x" + m.width());
      }
    }
  }

  /** Runs after the prediction-loss backward pass of every step, before the update (see {@link FineTuning}). */
  interface StepHook {
    void afterBackward(long step);
  }

  /**
   * One epoch; returns the mean objective per optimiser step. Reports progress ("step") at least every 10 s so a
   * long epoch keeps heartbeating. {@code hook} may be null.
   */
  static double trainEpoch(TorchModel model, Adam adam, List<MouseData> mice, Map<String, int[]> train,
      TrainOptions o, int epoch, double lr, Progress progress, StepHook hook) {
    int b = o.batchSize();
    List<int[][]> batches = new ArrayList<>();
    int steps = 0;
    for (int k = 0; k < mice.size(); k++) {
      int[] idx = train.get(mice.get(k).mouseId()).clone();
      shuffle(idx, new SplittableRandom(mix(o.seed(), 1 + epoch, k)));
      int nb = Math.max(1, idx.length / b + (idx.length % b >= 2 ? 1 : 0));
      int[][] bs = new int[nb][];
      for (int i = 0; i < nb; i++) {
        int from = i * b;
        int to = Math.min(idx.length, from + b);
        bs[i] = java.util.Arrays.copyOfRange(idx, from, to);
      }
      batches.add(bs);
      steps = Math.max(steps, nb);
    }
    double total = 0;
    long lastReport = System.nanoTime();
    for (int st = 0; st < steps; st++) {
      try (PointerScope scope = new PointerScope()) {
        adam.zeroGrad();
        model.clampMeans();
        for (int k = 0; k < mice.size(); k++) {
          MouseData m = mice.get(k);
          int[] bi = batches.get(k)[st % batches.get(k).length];
          Tensor x = images(m, bi, model.dtype, model.device);
          Tensor y = responses(m, bi, model.dtype, model.device);
          Tensor eps = null;
          if (model.spec.readoutType() == ReadoutType.GAUSSIAN) {
            torch.manual_seed(mix(o.seed(), adam.step + 1, 1000 + k));
            eps = torch.randn(new long[] {bi.length, m.neurons(), 2},
                new TensorOptions(model.dtype).device(new org.bytedeco.pytorch.DeviceOptional(model.device)));
          }
          Tensor j = model.objective(m.mouseId(), x, y, eps, train.get(m.mouseId()).length);
          j.backward();
          total += j.item_double();
        }
        if (hook != null) hook.afterBackward(adam.step + 1);
        adam.update(lr);
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        progress.report("step", st + 1, steps, Map.of("epoch", epoch + 1.0, "loss", total / (st + 1)));
      }
    }
    return total / steps;
  }

  /**
   * Predicted rates (len(trials) × N, trial-major) of a trained model in evaluation mode (mean readout locations,
   * batch-norm running statistics).
   */
  public static float[] predictRates(ModelSpec spec, Map<String, float[]> params, MouseData m, int[] trials,
      int evalBatch, String device) {
    TorchRuntime.ensureLoaded();
    TorchModel model = new TorchModel(spec, params, ScalarType.Float, device(device));
    return predict(model, m, trials, evalBatch);
  }

  /**
   * Seconds per optimiser step of {@code steps} timed training steps on {@code m}'s train tier after
   * {@code warmup} untimed ones (for benchmarks; batches drawn as in training).
   */
  public static StepTimes timeTrainingSteps(ModelSpec spec, MouseData m, TrainOptions o, int warmup, int steps) {
    TorchRuntime.ensureLoaded(o.threads());
    checkData(spec, List.of(m));
    int[] tr = m.trialIndices("train");
    TorchModel model = new TorchModel(spec, spec.initialise(o.seed(), Map.of(m.mouseId(), m.meanResponse(tr)),
        cellCoordinates(List.of(m))), ScalarType.Float, device(o.device()));
    Adam adam = new Adam(model, null);
    Map<String, int[]> train = Map.of(m.mouseId(), tr);
    double[] out = new double[steps];
    double[] cpu = new double[steps];
    double[] threadCpu = new double[steps];
    var tb = java.lang.management.ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    int perEpoch = Math.max(1, tr.length / o.batchSize());
    TrainOptions one = o;
    for (int i = -warmup; i < steps; i++) {
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      long tc0 = tb.getCurrentThreadCpuTime();
      // one step = an "epoch" over a single batch-sized slice of the train tier
      int[] slice = java.util.Arrays.copyOfRange(tr, (Math.floorMod(i, perEpoch)) * o.batchSize(),
          (Math.floorMod(i, perEpoch) + 1) * o.batchSize());
      trainEpoch(model, adam, List.of(m), Map.of(m.mouseId(), slice), one, i + warmup, o.learningRate(),
          Progress.NONE, null);
      if (model.device.is_cuda()) {
        torch.cuda_synchronize();
      }
      if (i >= 0) {
        out[i] = (System.nanoTime() - t0) / 1e9;
        cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
        threadCpu[i] = (tb.getCurrentThreadCpuTime() - tc0) / 1e9;
      }
    }
    return new StepTimes(out, cpu, threadCpu);
  }

  /**
   * Per-step wall-clock seconds, process CPU seconds (all threads, JVM ones included) and CPU seconds of the calling
   * thread (which runs the ops when LibTorch has one intra-op thread) of {@link #timeTrainingSteps}.
   */
  public record StepTimes(double[] wallSeconds, double[] cpuSeconds, double[] callerCpuSeconds) {}

  /** Mean validation single-trial correlation over all neurons of all mice (eval mode, mean locations). */
  static double validationScore(TorchModel model, List<MouseData> mice, Map<String, int[]> val, int evalBatch) {
    double sum = 0;
    long count = 0;
    for (MouseData m : mice) {
      int[] idx = val.get(m.mouseId());
      if (idx.length < 2) continue;
      float[] pred = predict(model, m, idx, evalBatch);
      double[] rho = Correlations.singleTrial(m.responsesOf(idx), pred, idx.length, m.neurons());
      for (double r : rho) sum += r;
      count += rho.length;
    }
    if (count == 0) {
      throw new IllegalArgumentException("no mouse has >= 2 validation trials; early stopping needs a validation tier");
    }
    return sum / count;
  }

  /** Predicted rates (len(idx) × N, trial-major) in eval mode. */
  static float[] predict(TorchModel model, MouseData m, int[] idx, int evalBatch) {
    float[] out = new float[idx.length * m.neurons()];
    model.clampMeans();
    for (int from = 0; from < idx.length; from += evalBatch) {
      int to = Math.min(idx.length, from + evalBatch);
      try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
        Tensor x = images(m, java.util.Arrays.copyOfRange(idx, from, to), model.dtype, model.device);
        float[] r = Ops.toFloats(model.rates(m.mouseId(), x, false, null));
        System.arraycopy(r, 0, out, from * m.neurons(), r.length);
      }
    }
    return out;
  }

  /** Images of the given trials as a (b, C, H, W) tensor. */
  static Tensor images(MouseData m, int[] idx, ScalarType dtype, Device device) {
    int chw = m.channels() * m.height() * m.width();
    Tensor t = torch.empty(idx.length, m.channels(), m.height(), m.width());
    FloatBuffer dst = t.data_ptr_float().capacity((long) idx.length * chw).asBuffer();
    FloatBuffer src = m.images().duplicate();
    for (int i = 0; i < idx.length; i++) {
      src.limit((idx[i] + 1) * chw).position(idx[i] * chw);
      dst.put(src);
      src.limit(src.capacity());
    }
    return Ops.convert(t, dtype, device);
  }

  static Tensor responses(MouseData m, int[] idx, ScalarType dtype, Device device) {
    int n = m.neurons();
    Tensor t = torch.empty(idx.length, n);
    FloatBuffer dst = t.data_ptr_float().capacity((long) idx.length * n).asBuffer();
    FloatBuffer src = m.responses().duplicate();
    for (int i = 0; i < idx.length; i++) {
      src.limit((idx[i] + 1) * n).position(idx[i] * n);
      dst.put(src);
      src.limit(src.capacity());
    }
    return Ops.convert(t, dtype, device);
  }

  static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    h *= 0x9E3779B97F4A7C15L;
    return (h ^ (h >>> 29)) & Long.MAX_VALUE;
  }

  /** Adam (Kingma & Ba 2015, PyTorch's formulation) with explicit, checkpointable state. */
  static final class Adam {
    final TorchModel model;
    final Map<String, Tensor> m = new LinkedHashMap<>();
    final Map<String, Tensor> v = new LinkedHashMap<>();
    /** Tensors the update leaves unchanged (e.g. a frozen core during DEC fine-tuning). */
    final java.util.Set<String> frozen = new java.util.HashSet<>();
    long step;

    Adam(TorchModel model, TrainingState resume) {
      this.model = model;
      for (String n : model.trainableNames) {
        Tensor p = model.t(n);
        long[] shape = Ops.shape(p);
        float[] mi = resume != null ? resume.adamM().get(n) : new float[Math.toIntExact(p.numel())];
        float[] vi = resume != null ? resume.adamV().get(n) : new float[Math.toIntExact(p.numel())];
        if (mi == null || vi == null) {
          throw new IllegalArgumentException("checkpoint has no optimiser state for " + n);
        }
        m.put(n, Ops.fromFloats(mi, shape, model.dtype, model.device));
        v.put(n, Ops.fromFloats(vi, shape, model.dtype, model.device));
      }
      step = resume != null ? resume.adamStep() : 0;
    }

    void zeroGrad() {
      for (String n : model.trainableNames) {
        Tensor g = model.t(n).grad();
        if (g.defined()) g.zero_();
      }
    }

    void update(double lr) {
      step++;
      double bc1 = 1 - Math.pow(BETA1, step);
      double bc2 = 1 - Math.pow(BETA2, step);
      try (NoGradGuard guard = new NoGradGuard()) {
        for (String n : model.trainableNames) {
          Tensor p = model.t(n);
          Tensor g = p.grad();
          if (!g.defined() || frozen.contains(n)) continue;
          Tensor mm = m.get(n);
          Tensor vv = v.get(n);
          mm.mul_(s(BETA1)).add_(g, s(1 - BETA1));
          vv.mul_(s(BETA2)).addcmul_(g, g, s(1 - BETA2));
          Tensor denom = vv.sqrt().div_(s(Math.sqrt(bc2))).add_(s(ADAM_EPS)); // one temporary, not three
          p.addcdiv_(mm, denom, s(-lr / bc1));
        }
      }
    }

    Map<String, float[]> moments(boolean first) {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (var e : (first ? m : v).entrySet()) {
        out.put(e.getKey(), Ops.toFloats(e.getValue()));
      }
      return out;
    }
  }
}
