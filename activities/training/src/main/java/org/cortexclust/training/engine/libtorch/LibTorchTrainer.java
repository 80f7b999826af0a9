package org.cortexclust.training.engine.libtorch;

import static org.cortexclust.training.engine.libtorch.Ops.s;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.HashMap;
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
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingLoop;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.spec.ModelSpec;

/**
 * Trains a {@link ModelSpec} on LibTorch: Adam, multi-mouse steps (one batch of every mouse per step, shorter
 * mice cycle; gradients accumulated), validation ρ_st after every epoch, early stopping with best weights restored
 * and the learning rate decayed at the end of each phase (docs/science.md §3.6–3.7). The outside sees only the spec,
 * float arrays and {@link TrainingResult}.
 * The early-stopping loop, batching and validation score are the engine-neutral {@link TrainingLoop}.
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
    return fit(spec, mice, o, progress, checkpoints, resume, Integer.MAX_VALUE);
  }

  /** {@link #fit} that pauses after {@code pauseAt} epochs with the current tensors (see {@link TrainingLoop#run}). */
  public static TrainingResult fit(ModelSpec spec, List<MouseData> mice, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, int pauseAt) {
    TorchRuntime.ensureLoaded(o.threads());
    TrainingLoop.Tiers tiers = TrainingLoop.tiers(spec, mice);
    Device device = device(o.device());
    TrainingLoop.checkResume(spec, resume);
    TorchModel model = new TorchModel(spec, resume != null ? resume.tensors() : spec.initialise(o.seed(),
        tiers.means(), cellCoordinates(mice)), ScalarType.Float, device);
    Adam adam = new Adam(model, resume);
    return TrainingLoop.run(spec, o, progress, checkpoints, resume, session(model, adam,
        (epoch, lr, p) -> trainEpoch(model, adam, mice, tiers.train(), o, epoch, lr, p, null),
        () -> validationScore(model, mice, tiers.val(), o.evalBatchSize())), pauseAt);
  }

  /** The engine-neutral loop's view of a LibTorch model and its Adam state (static and video training). */
  static TrainingLoop.Session session(TorchModel model, Adam adam, TrainingLoop.EpochTrainer trainer,
      java.util.function.DoubleSupplier scorer) {
    return TrainingLoop.session(trainer, scorer, model::snapshot, model::load, () -> adam.step, adam::moments);
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
    if ("cuda".equals(name)) {
      TorchRuntime.useCuda();
    }
    return new Device(name);
  }

  static void checkData(ModelSpec spec, List<MouseData> mice) {
    TrainingLoop.checkData(spec, mice);
  }

  /**
   * Runs after the prediction-loss backward pass of every step, before the update (see {@link FineTuning} and
   * {@link VideoFineTuning}).
   */
  interface StepHook {
    void afterBackward(long step);
  }

  /**
   * Back-propagates the objective of mouse {@code k} (index into the step's mice) for the current step (gradients
   * accumulate) and returns its value.
   */
  interface MouseObjective {
    double backward(int k);
  }

  /**
   * One optimiser step shared by static and video training: gradients zeroed, readout means clamped, every mouse's
   * objective back-propagated in order (gradients accumulate), the hook (may be null), the Adam update. Returns
   * {@code total} plus the objectives, added one by one in mouse order.
   */
  static double step(TorchModel model, Adam adam, int mice, MouseObjective objective, double lr, StepHook hook,
      double total) {
    try (PointerScope scope = new PointerScope()) {
      adam.zeroGrad();
      model.clampMeans();
      for (int k = 0; k < mice; k++) {
        total += objective.backward(k);
      }
      if (hook != null) hook.afterBackward(adam.step + 1);
      adam.update(lr);
    }
    return total;
  }

  /** Held while LibTorch's process-wide default generators are seeded and drawn from (see {@link #jitter}). */
  private static final Object DEFAULT_GENERATOR = new Object();

  /**
   * Gaussian readout jitter (rows, neurons, 2) of mouse {@code k} for the coming step, seeded by (seed, step, k).
   * The seed goes into LibTorch's default generator, which the whole process shares: seeding and drawing happen under
   * one lock so that models trained at once in one worker (several model slots) draw exactly what each would alone.
   */
  static Tensor jitter(TorchModel model, Adam adam, long seed, int k, long rows, long neurons) {
    return seededNormal(mix(seed, adam.step + 1, 1000 + k), new long[] {rows, neurons, 2},
        new TensorOptions(model.dtype).device(new org.bytedeco.pytorch.DeviceOptional(model.device)));
  }

  /** Standard normal draws of {@code shape} from LibTorch's default generator seeded with {@code seed}, atomically. */
  static Tensor seededNormal(long seed, long[] shape, TensorOptions options) {
    synchronized (DEFAULT_GENERATOR) {
      torch.manual_seed(seed);
      return torch.randn(shape, options);
    }
  }

  /**
   * One epoch; returns the mean objective per optimiser step. Reports progress ("step") at least every 10 s so a
   * long epoch keeps heartbeating. {@code hook} may be null.
   */
  static double trainEpoch(TorchModel model, Adam adam, List<MouseData> mice, Map<String, int[]> train,
      TrainOptions o, int epoch, double lr, Progress progress, StepHook hook) {
    List<int[][]> batches = TrainingLoop.epochBatches(mice, train, o.batchSize(), o.seed(), epoch);
    int steps = TrainingLoop.steps(batches);
    double total = 0;
    long lastReport = System.nanoTime();
    for (int st = 0; st < steps; st++) {
      final int s = st;
      total = step(model, adam, mice.size(), k -> {
        MouseData m = mice.get(k);
        int[] bi = batches.get(k)[s % batches.get(k).length];
        Tensor x = images(m, bi, model.dtype, model.device);
        Tensor y = responses(m, bi, model.dtype, model.device);
        Tensor eps = model.spec.readout().jittered()
            ? jitter(model, adam, o.seed(), k, bi.length, m.neurons()) : null;
        double v = model.objectiveBackward(m.mouseId(), x, y, eps, train.get(m.mouseId()).length);
        if (!Double.isFinite(v)) {
          throw diverged(model, epoch + 1, s + 1, steps, m.mouseId(), v, lr, x, y);
        }
        return v;
      }, lr, hook, total);
      Progress.stopIfInterrupted();
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        progress.report("step", st + 1, steps, Map.of("epoch", epoch + 1.0, "loss", total / (st + 1)));
      }
    }
    return total / steps;
  }

  /** What was non-finite when a step's objective was: the batch, the model's tensors, their gradients. */
  static org.cortexclust.training.TrainingDivergedException diverged(TorchModel model, int epoch, int step, int steps,
      String mouse, double objective, double lr, Tensor x, Tensor y) {
    List<String> bad = new java.util.ArrayList<>();
    if (!TorchModel.finite(x)) bad.add("the batch's images");
    if (!TorchModel.finite(y)) bad.add("the batch's responses");
    bad.addAll(model.nonFinite());
    return new org.cortexclust.training.TrainingDivergedException("training diverged: objective " + objective
        + " at epoch " + epoch + ", step " + step + " of " + steps + " (mouse " + mouse + ", learning rate " + lr
        + "); non-finite: " + (bad.isEmpty() ? "only the objective" : String.join(", ", bad))
        + ". The " + org.cortexclust.training.TrainingDivergedException.ADVICE.substring(4));
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
    return TrainingLoop.validationScore(mice, val, (m, idx) -> predict(model, m, idx, evalBatch));
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
    TrainingLoop.shuffle(a, r);
  }

  static long mix(long seed, long a, long b) {
    return TrainingLoop.mix(seed, a, b);
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
