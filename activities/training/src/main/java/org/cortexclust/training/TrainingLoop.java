package org.cortexclust.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;

/**
 * The engine-neutral part of training (docs/science.md §3.6–3.7), shared by every engine: data checks and tiers, the
 * batch plan of an epoch, validation ρ_st, and the early-stopping loop with LR phases and checkpoints. An engine
 * supplies a {@link Session} (its model + optimiser).
 *
 * <p>Phase rule (documented simplification of the sensorium trainer): after {@code patience} epochs without an
 * improvement of more than {@code tolerance}, restore the best tensors, then either stop (last phase) or multiply
 * the LR by {@code lrDecayFactor} (not below {@code minLr}).
 */
public final class TrainingLoop {
  private TrainingLoop() {}

  /** An engine's live model and optimiser, as the loop sees them. */
  public interface Session {
    /** One epoch at learning rate {@code lr}; returns the mean objective per optimiser step. */
    double trainEpoch(int epoch, double lr, Progress progress);

    /** Mean validation single-trial correlation over all neurons of all mice (evaluation mode). */
    double validationScore();

    /** All tensors as float32 arrays by name. */
    Map<String, float[]> snapshot();

    void load(Map<String, float[]> values);

    long adamStep();

    /** Adam first ({@code true}) or second moments by name. */
    Map<String, float[]> moments(boolean first);
  }

  /** One training epoch at a learning rate; returns the mean objective per optimiser step. */
  public interface EpochTrainer {
    double train(int epoch, double lr, Progress progress);
  }

  /** A session from an engine's epoch trainer, validation scorer, tensor and Adam-state accessors. */
  public static Session session(EpochTrainer trainer, DoubleSupplier scorer, Supplier<Map<String, float[]>> snapshot,
      Consumer<Map<String, float[]>> load, LongSupplier adamStep, Function<Boolean, Map<String, float[]>> moments) {
    return new Session() {
      @Override
      public double trainEpoch(int epoch, double lr, Progress progress) {
        return trainer.train(epoch, lr, progress);
      }

      @Override
      public double validationScore() {
        return scorer.getAsDouble();
      }

      @Override
      public Map<String, float[]> snapshot() {
        return snapshot.get();
      }

      @Override
      public void load(Map<String, float[]> values) {
        load.accept(values);
      }

      @Override
      public long adamStep() {
        return adamStep.getAsLong();
      }

      @Override
      public Map<String, float[]> moments(boolean first) {
        return moments.apply(first);
      }
    };
  }

  /** Train and validation tiers and mean training responses of every mouse. */
  public record Tiers(Map<String, int[]> train, Map<String, int[]> val, Map<String, float[]> means) {}

  /** Check the data against the spec and split it into tiers. */
  public static Tiers tiers(ModelSpec spec, List<MouseData> mice) {
    checkData(spec, mice);
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
    return new Tiers(train, val, means);
  }

  public static void checkData(ModelSpec spec, List<MouseData> mice) {
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

  public static void checkResume(ModelSpec spec, TrainingState resume) {
    if (resume != null && !resume.architectureHash().equals(spec.architectureHash())) {
      throw new IllegalArgumentException("checkpoint belongs to architecture " + resume.architectureHash()
          + ", the configured model is " + spec.architectureHash());
    }
  }

  /**
   * The batches of one epoch: per mouse (in {@code mice} order) its shuffled train trials cut into batches of
   * {@code batchSize} (a last partial batch of ≥ 2 trials is kept). A step takes batch {@code st % count} of every
   * mouse, so shorter mice cycle.
   */
  public static List<int[][]> epochBatches(List<MouseData> mice, Map<String, int[]> train, int batchSize, long seed,
      int epoch) {
    List<int[][]> batches = new ArrayList<>();
    for (int k = 0; k < mice.size(); k++) {
      batches.add(shuffledBatches(train.get(mice.get(k).mouseId()), batchSize,
          new SplittableRandom(mix(seed, 1 + epoch, k))));
    }
    return batches;
  }

  /**
   * The trials shuffled by {@code r} and cut into batches of {@code batchSize}; a last partial batch is kept when it
   * has at least 2 trials (batch norm), otherwise dropped.
   */
  public static int[][] shuffledBatches(int[] trials, int batchSize, SplittableRandom r) {
    int[] idx = trials.clone();
    shuffle(idx, r);
    int nb = Math.max(1, idx.length / batchSize + (idx.length % batchSize >= 2 ? 1 : 0));
    int[][] bs = new int[nb][];
    for (int i = 0; i < nb; i++) {
      int from = i * batchSize;
      int to = Math.min(idx.length, from + batchSize);
      bs[i] = Arrays.copyOfRange(idx, from, to);
    }
    return bs;
  }

  /** Optimiser steps of an epoch: the largest batch count over mice. */
  public static int steps(List<int[][]> batches) {
    int s = 0;
    for (int[][] b : batches) s = Math.max(s, b.length);
    return s;
  }

  /** Predicted rates (len(idx) × N, trial-major) of one mouse in evaluation mode. */
  public interface Predictor {
    float[] predict(MouseData m, int[] idx);
  }

  /** Mean validation single-trial correlation over all neurons of all mice. */
  public static double validationScore(List<MouseData> mice, Map<String, int[]> val, Predictor p) {
    double sum = 0;
    long count = 0;
    for (MouseData m : mice) {
      int[] idx = val.get(m.mouseId());
      if (idx.length < 2) continue;
      float[] pred = p.predict(m, idx);
      double[] rho = Correlations.singleTrial(m.responsesOf(idx), pred, idx.length, m.neurons());
      for (double r : rho) sum += r;
      count += rho.length;
    }
    if (count == 0) {
      throw new IllegalArgumentException("no mouse has >= 2 validation trials; early stopping needs a validation tier");
    }
    return sum / count;
  }

  /**
   * Early stopping with LR phases, best tensors restored, and the full state handed to {@code checkpoints} after
   * every epoch (null for none). The session starts from {@code resume}'s tensors and optimiser state if given.
   */
  public static TrainingResult run(ModelSpec spec, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, Session s) {
    return run(spec, o, progress, checkpoints, resume, s, Integer.MAX_VALUE);
  }

  /** {@link #run} that pauses after {@code pauseAt} epochs (see {@link #runState(String, TrainOptions, Progress, Consumer, TrainingState, Session, int)}). */
  public static TrainingResult run(ModelSpec spec, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, Session s, int pauseAt) {
    TrainingState last = runState(spec.architectureHash(), o, progress, checkpoints, resume, s, pauseAt);
    return new TrainingResult(spec, last.tensors(), last.history(), last.bestScore(), last.bestEpoch(),
        last.stopReason(), last);
  }

  /**
   * The loop of {@link #run} for any model with an architecture hash (static or video): returns the final state, the
   * session holding the best tensors.
   */
  public static TrainingState runState(String architectureHash, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, Session s) {
    return runState(architectureHash, o, progress, checkpoints, resume, s, Integer.MAX_VALUE);
  }

  /**
   * {@link #runState} that pauses once {@code pauseAt} epochs are done (unless training stopped earlier): the state
   * returned is then not finished and holds the current tensors (not the best), exactly what a checkpoint after that
   * epoch holds, so training resumed from it continues as if never paused (a pre-training of PE epochs).
   */
  public static TrainingState runState(String architectureHash, TrainOptions o, Progress progress,
      Consumer<TrainingState> checkpoints, TrainingState resume, Session s, int pauseAt) {
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
      if (epoch >= pauseAt) {
        return new TrainingState(architectureHash, epoch, s.adamStep(), lr, bestScore, bestEpoch, bad, phase, false, "",
            s.snapshot(), s.moments(true), s.moments(false), best, List.copyOf(history));
      }
      long t0 = System.nanoTime();
      double loss = s.trainEpoch(epoch, lr, progress);
      epoch++;
      double score = Double.isFinite(loss) ? s.validationScore() : Double.NaN;
      double secs = (System.nanoTime() - t0) / 1e9;
      history.add(new EpochRecord(epoch, loss, score, lr, secs));
      if (!Double.isFinite(loss) || !Double.isFinite(score)) {
        throw new TrainingDivergedException("training diverged at epoch " + epoch + " (learning rate " + lr
            + "): mean objective " + loss + ", validation rho_st " + score + "; " + TrainingDivergedException.ADVICE);
      } else if (score > bestScore + o.tolerance()) {
        bestScore = score;
        bestEpoch = epoch;
        best = s.snapshot();
        bad = 0;
      } else if (++bad >= o.patience()) {
        bad = 0;
        phase++;
        if (best != null) s.load(best);
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
        s.load(best);
      }
      if (checkpoints != null) {
        checkpoints.accept(new TrainingState(architectureHash, epoch, s.adamStep(), lr, bestScore, bestEpoch,
            bad, phase, finished, stop, s.snapshot(), s.moments(true), s.moments(false), best,
            List.copyOf(history)));
      }
    }
    if (best != null) {
      s.load(best);
    }
    Map<String, float[]> params = s.snapshot();
    return new TrainingState(architectureHash, epoch, s.adamStep(), lr, bestScore, bestEpoch,
        bad, phase, true, stop, params, s.moments(true), s.moments(false), best, List.copyOf(history));
  }

  public static void shuffle(int[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** A seed for the stream (a, b) of {@code seed}. */
  public static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    h *= 0x9E3779B97F4A7C15L;
    return (h ^ (h >>> 29)) & Long.MAX_VALUE;
  }
}
