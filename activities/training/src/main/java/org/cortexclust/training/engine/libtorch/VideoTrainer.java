package org.cortexclust.training.engine.libtorch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingLoop;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.measures.VideoCorrelations;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.VideoSpec;

/**
 * Trains a {@link VideoSpec} on video chunks with the static trainer's machinery ({@link TrainingLoop#runState}:
 * Adam, early stopping with LR phases and best weights restored, progress, checkpoints, resume).
 *
 * <p>Epoch: every train trial of every mouse once, in shuffled batches of {@code batchSize} trials; each trial gives
 * one chunk of {@code chunkFrames} frames starting uniformly at random in [0, T_real − chunk] (so NaN padding never
 * enters). The loss covers the output frames only: the first R − 1 frames of a chunk (before the core's temporal
 * receptive field is full) are inputs, not targets. One optimiser step takes one batch of every mouse (gradients
 * accumulated, shorter mice cycle). Validation: whole {@code oracle} trials in evaluation mode, scored with the
 * Sensorium 2023 metric ({@link VideoCorrelations#concatenated}, neurons of all mice pooled).
 */
public final class VideoTrainer {
  private VideoTrainer() {}

  /**
   * Chunking and scoring of video training.
   *
   * @param chunkFrames frames per training chunk (more than R − 1)
   * @param scoreSkip   frames dropped at the start of every trial by the validation metric (50 in Sensorium 2023;
   *                    at least R − 1)
   */
  public record VideoOptions(int chunkFrames, int scoreSkip) {
    public VideoOptions {
      if (chunkFrames < 2) throw new IllegalArgumentException("chunk_frames must be >= 2, got " + chunkFrames);
      if (scoreSkip < 0) throw new IllegalArgumentException("score_skip must be >= 0, got " + scoreSkip);
    }

    void check(VideoSpec spec) {
      int r = spec.temporalReceptiveField();
      if (chunkFrames < r) {
        throw new IllegalArgumentException("chunk_frames = " + chunkFrames + " is shorter than the core's temporal receptive field R = " + r
            + " (temporal kernels " + spec.temporalKernels() + "): no output frame would remain");
      }
      if (scoreSkip < r - 1) {
        throw new IllegalArgumentException("score_skip = " + scoreSkip + " must be >= R - 1 = " + (r - 1)
            + ": earlier frames have no prediction");
      }
    }
  }

  /** A trained video model: its spec and the static-trainer result (tensors named as in {@link VideoSpec#parameters()}). */
  public record Result(VideoSpec spec, TrainingResult training) {}

  /** Train, or resume from {@code resume} (null to start fresh). */
  public static Result fit(VideoSpec spec, List<VideoData> mice, TrainOptions o, VideoOptions vo, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume) {
    TorchRuntime.ensureLoaded(o.threads());
    vo.check(spec);
    checkData(spec, mice, vo);
    Device device = LibTorchTrainer.device(o.device());
    TrainingLoop.Tiers tiers = tiers(mice);
    checkResume(spec, resume);
    VideoModel model = new VideoModel(spec, resume != null ? resume.tensors() : spec.initialise(o.seed(), tiers.means()),
        ScalarType.Float, device);
    LibTorchTrainer.Adam adam = new LibTorchTrainer.Adam(model.tm, resume);
    TrainingState last = TrainingLoop.runState(spec.architectureHash(), o, progress, checkpoints, resume,
        LibTorchTrainer.session(model.tm, adam, (epoch, lr, p) -> trainEpoch(model, adam, mice, tiers.train(), o, vo, epoch, lr, p, null),
            () -> validationScore(model, mice, tiers.val(), vo.scoreSkip())));
    return new Result(spec, new TrainingResult(spec.base(), last.tensors(), last.history(), last.bestScore(), last.bestEpoch(),
        last.stopReason(), last));
  }

  /** Train tier (at least 2 trials per mouse), oracle tier (validation) and mean training responses of every mouse. */
  static TrainingLoop.Tiers tiers(List<VideoData> mice) {
    Map<String, int[]> train = trainTier(mice);
    Map<String, float[]> means = new HashMap<>();
    for (VideoData m : mice) means.put(m.mouseId(), m.meanResponse(train.get(m.mouseId())));
    return new TrainingLoop.Tiers(train, oracleTier(mice), means);
  }

  /** The train trials of every mouse (at least 2 each). */
  static Map<String, int[]> trainTier(List<VideoData> mice) {
    Map<String, int[]> train = new HashMap<>();
    for (VideoData m : mice) {
      int[] tr = m.trialIndices("train");
      if (tr.length < 2) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + " has " + tr.length + " train trials; need >= 2");
      }
      train.put(m.mouseId(), tr);
    }
    return train;
  }

  /** The oracle (validation) trials of every mouse. */
  static Map<String, int[]> oracleTier(List<VideoData> mice) {
    Map<String, int[]> val = new HashMap<>();
    for (VideoData m : mice) val.put(m.mouseId(), m.trialIndices("oracle"));
    return val;
  }

  static void checkResume(VideoSpec spec, TrainingState resume) {
    if (resume != null && !resume.architectureHash().equals(spec.architectureHash())) {
      throw new IllegalArgumentException("checkpoint belongs to architecture " + resume.architectureHash()
          + ", the configured video model is " + spec.architectureHash());
    }
  }

  static void checkData(VideoSpec spec, List<VideoData> mice, VideoOptions vo) {
    var base = spec.base();
    if (mice.size() != base.mice().size()) {
      throw new IllegalArgumentException("model has readouts for " + base.mice().size() + " mice, data has " + mice.size());
    }
    if (base.inputChannels() != VideoData.CHANNELS) {
      throw new IllegalArgumentException("a video model takes " + VideoData.CHANNELS + " input channels (video, pupil dilation, running"
          + " speed), the spec says " + base.inputChannels());
    }
    for (VideoData m : mice) {
      MouseShape s = base.mouse(m.mouseId());
      if (s.neurons() != m.neurons()) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + ": model expects " + s.neurons() + " neurons, data has " + m.neurons());
      }
      if (m.height() != base.inputHeight() || m.width() != base.inputWidth()) {
        throw new IllegalArgumentException("mouse " + m.mouseId() + ": model expects " + base.inputHeight() + "x" + base.inputWidth()
            + " frames, data has " + m.height() + "x" + m.width());
      }
      for (int i : m.trialIndices("train")) {
        if (m.trials().get(i).frames() < vo.chunkFrames()) {
          throw new IllegalArgumentException("mouse " + m.mouseId() + " train trial " + i + " has " + m.trials().get(i).frames()
              + " frames, fewer than chunk_frames = " + vo.chunkFrames());
        }
      }
    }
  }

  /**
   * One epoch over every train trial of every mouse; returns the mean objective per optimiser step. {@code hook} (may be
   * null) runs after every step's backward pass (DEC fine-tuning, {@link VideoFineTuning}).
   */
  static double trainEpoch(VideoModel model, LibTorchTrainer.Adam adam, List<VideoData> mice, Map<String, int[]> train, TrainOptions o,
      VideoOptions vo, int epoch, double lr, Progress progress, LibTorchTrainer.StepHook hook) {
    List<int[][]> batches = new ArrayList<>();
    List<int[][]> starts = new ArrayList<>();
    int steps = 0;
    for (int k = 0; k < mice.size(); k++) {
      VideoData m = mice.get(k);
      int[][] bs = TrainingLoop.shuffledBatches(train.get(m.mouseId()), o.batchSize(),
          new SplittableRandom(LibTorchTrainer.mix(o.seed(), 1 + epoch, k)));
      SplittableRandom cr = new SplittableRandom(LibTorchTrainer.mix(o.seed(), 1 + epoch, 500 + k));
      int[][] st = new int[bs.length][];
      for (int b = 0; b < bs.length; b++) {
        st[b] = new int[bs[b].length];
        for (int i = 0; i < bs[b].length; i++) {
          st[b][i] = cr.nextInt(m.trials().get(bs[b][i]).frames() - vo.chunkFrames() + 1);
        }
      }
      batches.add(bs);
      starts.add(st);
      steps = Math.max(steps, bs.length);
    }
    int r = model.vspec.temporalReceptiveField();
    double total = 0;
    long lastReport = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      final int st = step;
      total = LibTorchTrainer.step(model.tm, adam, mice.size(), k -> {
        VideoData m = mice.get(k);
        int b = st % batches.get(k).length;
        int[] bi = batches.get(k)[b];
        int[] si = starts.get(k)[b];
        Tensor x = input(m, bi, si, vo.chunkFrames(), model.tm.dtype, model.tm.device);
        Tensor y = targets(m, bi, si, vo.chunkFrames(), r, model.tm.dtype, model.tm.device);
        Tensor eps = model.spec.readout().jittered()
            ? LibTorchTrainer.jitter(model.tm, adam, o.seed(), k, (long) bi.length * (vo.chunkFrames() - r + 1), m.neurons()) : null;
        Tensor pupil = model.vspec.shifter() ? pupil(m, bi, si, vo.chunkFrames(), r, model.tm.dtype, model.tm.device) : null;
        Tensor j = model.objective(m.mouseId(), x, y, eps, pupil, train.get(m.mouseId()).length);
        j.backward();
        return j.item_double();
      }, lr, hook, total);
      Progress.stopIfInterrupted();
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        progress.report("step", step + 1, steps, Map.of("epoch", epoch + 1.0, "loss", total / (step + 1)));
      }
    }
    return total / steps;
  }

  /** Sensorium 2023 score of whole oracle trials, neurons of all mice pooled. */
  static double validationScore(VideoModel model, List<VideoData> mice, Map<String, int[]> val, int skip) {
    double sum = 0;
    long count = 0;
    for (VideoData m : mice) {
      int[] idx = val.get(m.mouseId());
      if (idx.length == 0) continue;
      List<float[]> obs = new ArrayList<>();
      for (int i : idx) obs.add(m.trials().get(i).responses());
      double[] rho = VideoCorrelations.concatenated(obs, predict(model, m, idx), m.neurons(), skip);
      for (double v : rho) sum += v;
      count += rho.length;
    }
    if (count == 0) {
      throw new IllegalArgumentException("no mouse has oracle trials; early stopping needs the oracle (validation) tier");
    }
    return sum / count;
  }

  /**
   * Predicted rates of whole trials in evaluation mode (mean readout locations, BN running statistics), each T × N
   * frames-major, aligned with the trial's frames; the first R − 1 frames have no prediction (NaN).
   */
  static List<float[]> predict(VideoModel model, VideoData m, int[] idx) {
    List<float[]> out = new ArrayList<>();
    int r = model.vspec.temporalReceptiveField();
    int n = m.neurons();
    model.tm.clampMeans();
    for (int i : idx) {
      int frames = m.trials().get(i).frames();
      float[] p = new float[frames * n];
      Arrays.fill(p, Float.NaN);
      if (frames >= r) {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
          Tensor x = input(m, new int[] {i}, new int[] {0}, frames, model.tm.dtype, model.tm.device);
          Tensor pupil = model.vspec.shifter() ? pupil(m, new int[] {i}, new int[] {0}, frames, r, model.tm.dtype, model.tm.device) : null;
          float[] rates = Ops.toFloats(model.rates(m.mouseId(), x, false, null, pupil));
          System.arraycopy(rates, 0, p, (r - 1) * n, rates.length);
        }
      }
      out.add(p);
    }
    return out;
  }

  /** Public form of {@link #predict} for a trained model's tensors. */
  public static List<float[]> predictTrials(VideoSpec spec, Map<String, float[]> params, VideoData m, int[] trials, String device) {
    TorchRuntime.ensureLoaded();
    return predict(new VideoModel(spec, params, ScalarType.Float, LibTorchTrainer.device(device)), m, trials);
  }

  /** Chunks (B, 3, chunk, H, W): video frames [start, start + chunk) and the two behaviour values as planes. */
  static Tensor input(VideoData m, int[] trials, int[] starts, int chunk, ScalarType dtype, Device device) {
    int hw = m.height() * m.width();
    float[] x = new float[trials.length * VideoData.CHANNELS * chunk * hw];
    for (int b = 0; b < trials.length; b++) {
      VideoData.Trial t = m.trials().get(trials[b]);
      int base = b * VideoData.CHANNELS * chunk * hw;
      System.arraycopy(t.video(), starts[b] * hw, x, base, chunk * hw);
      for (int c = 0; c < 2; c++) {
        for (int k = 0; k < chunk; k++) {
          Arrays.fill(x, base + ((1 + c) * chunk + k) * hw, base + ((1 + c) * chunk + k + 1) * hw, t.behavior()[(starts[b] + k) * 2 + c]);
        }
      }
    }
    return Ops.fromFloats(x, new long[] {trials.length, VideoData.CHANNELS, chunk, m.height(), m.width()}, dtype, device);
  }

  /** Pupil centres (B, chunk − R + 1, 2) of the frames the core outputs, [start + R − 1, start + chunk): the shifter's input. */
  static Tensor pupil(VideoData m, int[] trials, int[] starts, int chunk, int r, ScalarType dtype, Device device) {
    int out = chunk - r + 1;
    float[] p = new float[trials.length * out * 2];
    for (int b = 0; b < trials.length; b++) {
      System.arraycopy(m.trials().get(trials[b]).pupil(), (starts[b] + r - 1) * 2, p, b * out * 2, out * 2);
    }
    return Ops.fromFloats(p, new long[] {trials.length, out, 2}, dtype, device);
  }

  /** Targets (B, chunk − R + 1, N): responses at the frames the core outputs, [start + R − 1, start + chunk). */
  static Tensor targets(VideoData m, int[] trials, int[] starts, int chunk, int r, ScalarType dtype, Device device) {
    int n = m.neurons();
    int out = chunk - r + 1;
    float[] y = new float[trials.length * out * n];
    for (int b = 0; b < trials.length; b++) {
      System.arraycopy(m.trials().get(trials[b]).responses(), (starts[b] + r - 1) * n, y, b * out * n, out * n);
    }
    return Ops.fromFloats(y, new long[] {trials.length, out, n}, dtype, device);
  }

  /**
   * Seconds per optimiser step (wall clock) of {@code steps} timed training steps after {@code warmup} untimed ones, one
   * mouse, batches of its train trials (for benchmarks).
   */
  public static double[] timeTrainingSteps(VideoSpec spec, VideoData m, TrainOptions o, VideoOptions vo, int warmup, int steps) {
    TorchRuntime.ensureLoaded(o.threads());
    vo.check(spec);
    checkData(spec, List.of(m), vo);
    int[] tr = m.trialIndices("train");
    VideoModel model = new VideoModel(spec, spec.initialise(o.seed(), Map.of(m.mouseId(), m.meanResponse(tr))), ScalarType.Float,
        LibTorchTrainer.device(o.device()));
    LibTorchTrainer.Adam adam = new LibTorchTrainer.Adam(model.tm, null);
    int perEpoch = Math.max(1, tr.length / o.batchSize());
    double[] out = new double[steps];
    for (int i = -warmup; i < steps; i++) {
      int from = Math.floorMod(i, perEpoch) * o.batchSize();
      int[] slice = Arrays.copyOfRange(tr, from, Math.min(tr.length, from + o.batchSize()));
      long t0 = System.nanoTime();
      trainEpoch(model, adam, List.of(m), Map.of(m.mouseId(), slice), o, vo, i + warmup, o.learningRate(), Progress.NONE, null);
      if (model.tm.device.is_cuda()) {
        torch.cuda_synchronize();
      }
      if (i >= 0) {
        out[i] = (System.nanoTime() - t0) / 1e9;
      }
    }
    return out;
  }
}
