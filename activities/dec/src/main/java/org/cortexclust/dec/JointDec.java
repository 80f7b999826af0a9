package org.cortexclust.dec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.model.ExtraLoss;
import org.cortexclust.training.model.TrainedModel;
import org.cortexclust.training.model.Tuning;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;

/**
 * DEC fine-tuning of a trained core + readout model with the joint loss (science.md §6.4, IDEC-style):
 * {@code J = prediction objective (Poisson + regularisers, the trainer's) + (λ/N)·KL(P‖Q(Z, μ))} where Z is the
 * {@link DecView} of all neurons' readout features (all mice stacked in model order), μ are trainable centres
 * (Adam, same learning rate) and P is refreshed from Q every {@code updateInterval} optimiser steps (with the
 * best shifts re-chosen in rotation-invariant mode). Stops when a refresh changes fewer than {@code tol} of the
 * labels, when validation ρ_st falls more than {@code rhoDropTolerance} below the starting model (the previous
 * epoch's state is kept), or after {@code maxEpochs}. λ = 0 is plain continued training.
 *
 * <p>The model is any {@link TrainedModel} that can continue training with an extra loss: a static LibTorch model
 * (validation ρ_st) or a dynamic (video) one (chunked training, validation = the Sensorium 2023 oracle score); the
 * embeddings are the readout features of either. The KL term is the model's {@link ExtraLoss}: one round trip per
 * optimiser step (readout features out, their gradients in); centres, targets and the EM step stay here.
 */
public final class JointDec {
  private JointDec() {}

  /**
   * @param lambda            weight of the per-neuron KL term
   * @param alpha             Student-t degrees of freedom
   * @param targetExponent    sharpening exponent of P
   * @param updateInterval    optimiser steps between target refreshes
   * @param tol               label-change fraction that ends the run
   * @param maxEpochs         epoch budget
   * @param rhoDropTolerance  stop when validation ρ_st < start − this
   * @param rotation          fixed (view uses the alignment shifts) or invariant (best shift per neuron, centre)
   * @param freezeCore        keep the core's tensors fixed (readouts and centres still learn)
   * @param normalise         L2-normalise embeddings in the view (as the alignment stage does)
   * @param scaleToDimension  scale the view to ‖z‖²/d = 1 (DEC paper)
   * @param train             batch size, learning rate, seed, device… of the continued training
   * @param method            DEC (centres by gradient) or DECEMber (t-mixture by EM; alpha = ν)
   */
  public record Options(double lambda, double alpha, double targetExponent, int updateInterval, double tol,
      int maxEpochs, double rhoDropTolerance, RotationMode rotation, boolean freezeCore, boolean normalise,
      boolean scaleToDimension, TrainOptions train, Method method) {
    public Options {
      if (!(lambda >= 0)) throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
      if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
      if (!(targetExponent >= 1)) throw new IllegalArgumentException("target exponent must be >= 1");
      if (updateInterval < 1) throw new IllegalArgumentException("update interval must be >= 1, got " + updateInterval);
      if (!(tol >= 0 && tol < 1)) throw new IllegalArgumentException("tol must be in [0, 1), got " + tol);
      if (maxEpochs < 0) throw new IllegalArgumentException("max epochs must be >= 0, got " + maxEpochs);
      if (!(rhoDropTolerance >= 0)) throw new IllegalArgumentException("rho drop tolerance must be >= 0");
    }
  }

  /** Everything needed to resume after an epoch. */
  public record State(int epoch, TrainingState model, double[][] centres, double[][] variances,
      double[][][][] centreMoments,
      long centreSteps, double[][] target, int[][] shifts, int[] labels, double rhoStart, List<Refresh> history,
      boolean finished, String stopReason) {}

  /**
   * @param params      fine-tuned tensors
   * @param labels      argmax Q of the final model and centres
   * @param embeddings  final view Z (N × d, feature-major; shifted by the fixed shifts in fixed mode)
   * @param rawEmbeddings final readout features as N × d feature-major (unnormalised, unshifted)
   * @param shifts      per neuron, the shift to its assigned centre (invariant) or the fixed shift
   * @param startLabels argmax Q of the starting model with the initial centres
   * @param startEmbeddings the view Z of the starting model
   * @param rhoValStart validation ρ_st before / after
   * @param rhoTestStart test ρ_st before / after (NaN when no mouse has a test tier)
   */
  public record Result(Map<String, float[]> params, int[] labels, double[][] embeddings, double[][] rawEmbeddings,
      int[] shifts, double[][] centres, int[] startLabels, double[][] startEmbeddings, List<Refresh> history,
      double rhoValStart, double rhoValEnd, double rhoTestStart, double rhoTestEnd, int epochs, String stopReason) {}

  /** Readout feature tensor names, in the stacking order of neurons. */
  public static List<String> featureTensors(ModelSpec spec) {
    List<String> out = new ArrayList<>();
    for (MouseShape m : spec.mice()) out.add("readout." + m.mouseId() + ".features");
    return out;
  }

  /** All neurons' readout features (stacked over mice in model order) as N × d feature-major vectors. */
  public static double[][] embeddings(ModelSpec spec, Map<String, float[]> params) {
    List<double[]> rows = new ArrayList<>();
    for (MouseShape m : spec.mice()) {
      float[] f = params.get("readout." + m.mouseId() + ".features");
      if (f == null) throw new IllegalArgumentException("model has no readout features for mouse " + m.mouseId());
      for (double[] r : DecView.fromReadout(f, m.neurons(), spec.features(), spec.rotations())) rows.add(r);
    }
    return rows.toArray(new double[0][]);
  }

  /** Centres μ_j = mean of the view embeddings labelled j (labels in [0, k)); an empty cluster is an error. */
  public static double[][] centresFromLabels(double[][] z, int[] labels, int k) {
    if (labels.length != z.length) {
      throw new IllegalArgumentException("have " + labels.length + " labels for " + z.length + " neurons");
    }
    double[][] c = new double[k][z[0].length];
    int[] count = new int[k];
    for (int i = 0; i < z.length; i++) {
      if (labels[i] < 0 || labels[i] >= k) throw new IllegalArgumentException("label " + labels[i] + " not in [0, " + k + ")");
      count[labels[i]]++;
      for (int t = 0; t < z[i].length; t++) c[labels[i]][t] += z[i][t];
    }
    for (int j = 0; j < k; j++) {
      if (count[j] == 0) throw new IllegalArgumentException("initial clustering has no neuron in cluster " + j);
      for (int t = 0; t < c[j].length; t++) c[j][t] /= count[j];
    }
    return c;
  }

  /**
   * Joint DEC on any {@link TrainedModel} (static or video): the same loop, hook and checkpoints.
   *
   * @param params      starting tensors of the model (all of {@link TrainedModel#parameters()})
   * @param initCentres K × d centres in the view space (see {@link #centresFromLabels})
   * @param fixedShifts per-neuron alignment shifts used by the view in fixed mode (null = none)
   * @param checkpoints receives the state after every epoch (may be null)
   * @param resume      state to continue from, or null
   */
  public static Result fit(TrainedModel model, Map<String, float[]> params, double[][] initCentres, int[] fixedShifts,
      Options o, Progress progress, Consumer<State> checkpoints, State resume) {
    ModelSpec spec = model.spec();
    int f = spec.features();
    int n = spec.rotations();
    int d = f * n;
    boolean invariant = o.rotation() == RotationMode.INVARIANT && n > 1;
    DecView view = new DecView(f, n, o.normalise(), o.scaleToDimension() ? Math.sqrt(d) : 1,
        invariant ? null : fixedShifts);
    Set<String> frozen = new HashSet<>();
    if (o.freezeCore()) {
      for (ParamSpec p : model.parameters()) {
        if (p.trainable() && p.name().startsWith("core.")) frozen.add(p.name());
      }
    }
    List<String> reads = featureTensors(spec);
    int[] sizes = spec.mice().stream().mapToInt(MouseShape::neurons).toArray();
    int total = 0;
    for (int s : sizes) total += s;
    final int nz = total;

    double[][] startZ = view.forward(embeddings(spec, params));
    double[][] mu = EmbeddedDec.copy(initCentres);
    if (mu[0].length != d) {
      throw new IllegalArgumentException("centres have " + mu[0].length + " values, the model's embeddings " + d);
    }
    ClusterKernel startKernel = ClusterKernel.start(o.method(), o.alpha(), n, invariant, startZ, mu);
    int[][] startShifts = invariant ? startKernel.bestShifts(startZ) : null;
    int[] startLabels = DecKernel.labels(startKernel.q(startZ, startShifts));
    ClusterKernel kernel0 = startKernel;
    Optimiser centreOpt = new Optimiser(Optimiser.Kind.ADAM, 0, mu);
    Tuning ft = model.tune(params, frozen, o.train(), resume != null ? resume.model() : null);
    double lr = o.train().learningRate();

    // hook state, mutable across steps
    final double[][][] target = new double[1][][];
    final int[][][] shifts = new int[1][][];
    final int[][] labels = new int[1][];
    final double[] epochStats = new double[4]; // kl sum, kl count, last changed (NaN = no refresh), refreshes
    List<Refresh> history;
    double rhoStart;
    int epoch;
    boolean finished;
    String stop;
    if (resume != null) {
      mu = EmbeddedDec.copy(resume.centres());
      kernel0 = new ClusterKernel(o.method(), o.alpha(), n, mu,
          resume.variances() == null ? null : EmbeddedDec.copy(resume.variances()));
      centreOpt = new Optimiser(Optimiser.Kind.ADAM, 0, mu);
      centreOpt.restore(resume.centreMoments(), resume.centreSteps());
      target[0] = resume.target();
      shifts[0] = resume.shifts();
      labels[0] = resume.labels().clone();
      history = new ArrayList<>(resume.history());
      rhoStart = resume.rhoStart();
      epoch = resume.epoch();
      finished = resume.finished();
      stop = resume.stopReason();
    } else {
      shifts[0] = startShifts;
      double[][] q = startKernel.q(startZ, startShifts);
      labels[0] = DecKernel.labels(q);
      target[0] = DecKernel.target(q, o.targetExponent());
      rhoStart = ft.validationScore();
      history = new ArrayList<>();
      history.add(new Refresh(0, DecKernel.kl(target[0], q) / nz, Double.NaN, 0, rhoStart));
      epoch = 0;
      finished = false;
      stop = "";
    }
    final double[][] centres = mu;
    final ClusterKernel kernel = kernel0;
    final Optimiser copt = centreOpt;
    Set<String> readSet = new java.util.LinkedHashSet<>(reads);
    ExtraLoss extra = extraLoss(readSet, (step, values) -> {
      double[][] w = new double[nz][];
      int row = 0;
      for (int k = 0; k < reads.size(); k++) {
        double[][] wk = DecView.fromReadout(values.get(reads.get(k)), sizes[k], f, n);
        System.arraycopy(wk, 0, w, row, wk.length);
        row += wk.length;
      }
      double[][] z = view.forward(w);
      DecKernel.Evaluation ev = kernel.evaluate(z, target[0], shifts[0]);
      epochStats[0] += ev.loss() / nz;
      epochStats[1]++;
      double scale = o.lambda() / nz;
      double[][] gz = ev.gradZ();
      for (double[] g : gz) {
        for (int t = 0; t < g.length; t++) g[t] *= scale;
      }
      double[][] gm = ev.gradCentres(); // null for DECEMber: its centres moved by EM inside evaluate
      if (gm != null) {
        for (double[] g : gm) {
          for (int t = 0; t < g.length; t++) g[t] *= scale;
        }
        copt.update(lr, new double[][][] {centres}, new double[][][] {gm});
      }
      double[][] gw = view.backward(w, gz);
      Map<String, float[]> grads = new LinkedHashMap<>();
      row = 0;
      for (int k = 0; k < reads.size(); k++) {
        double[][] part = new double[sizes[k]][];
        System.arraycopy(gw, row, part, 0, sizes[k]);
        row += sizes[k];
        grads.put(reads.get(k), DecView.toReadout(part, f, n));
      }
      if (step % o.updateInterval() == 0) {
        // target refresh on the current embeddings (science.md §6.1 "update interval")
        if (invariant) shifts[0] = kernel.bestShifts(z);
        double[][] q = kernel.q(z, shifts[0]);
        int[] now = DecKernel.labels(q);
        epochStats[2] = DecKernel.changedFraction(labels[0], now);
        epochStats[3]++;
        labels[0] = now;
        target[0] = DecKernel.target(q, o.targetExponent());
      }
      return grads;
    });

    Map<String, float[]> previous = ft.params();
    while (!finished && epoch < o.maxEpochs()) {
      epochStats[0] = 0;
      epochStats[1] = 0;
      epochStats[2] = Double.NaN;
      epochStats[3] = 0;
      double poisson = ft.epoch(epoch, lr, Progress.NONE, extra);
      epoch++;
      double rho = ft.validationScore();
      double changed = epochStats[2];
      history.add(new Refresh(epoch, epochStats[0] / Math.max(1, epochStats[1]), poisson, changed, rho));
      progress.report("dec", epoch, o.maxEpochs(), Map.of("kl", epochStats[0] / Math.max(1, epochStats[1]),
          "poisson", poisson, "rho_st_val", rho, "changed", Double.isNaN(changed) ? -1 : changed));
      if (!Double.isFinite(poisson) || !Double.isFinite(rho)) {
        throw new IllegalStateException("DEC fine-tuning diverged at epoch " + epoch + " (objective " + poisson
            + ", validation rho_st " + rho + "); lower dec.lambda or dec.learning_rate");
      }
      if (rho < rhoStart - o.rhoDropTolerance()) {
        stop = String.format(java.util.Locale.ROOT, "validation rho_st %.5f fell more than %.5f below the start %.5f "
            + "at epoch %d; kept epoch %d", rho, o.rhoDropTolerance(), rhoStart, epoch, epoch - 1);
        ft = model.tune(previous, frozen, o.train(), null);
        finished = true;
      } else if (!Double.isNaN(changed) && changed < o.tol()) {
        stop = String.format(java.util.Locale.ROOT, "label change %.5f < tol %.5f at epoch %d", changed, o.tol(),
            epoch);
        finished = true;
      } else if (epoch >= o.maxEpochs()) {
        stop = "epoch budget " + o.maxEpochs() + " reached";
        finished = true;
      }
      previous = ft.params();
      if (checkpoints != null) {
        checkpoints.accept(new State(epoch, ft.state(epoch, lr), EmbeddedDec.copy(centres),
            kernel.variances == null ? null : EmbeddedDec.copy(kernel.variances), copt.moments(),
            copt.steps(), target[0], shifts[0], labels[0].clone(), rhoStart, List.copyOf(history), finished, stop));
      }
    }
    if (stop.isEmpty()) stop = "epoch budget " + o.maxEpochs() + " reached";
    Map<String, float[]> out = ft.params();
    double[][] raw = embeddings(spec, out);
    double[][] z = view.forward(raw);
    int[][] sh = invariant ? kernel.bestShifts(z) : null;
    int[] lab = DecKernel.labels(kernel.q(z, sh));
    int[] assigned = new int[nz];
    for (int i = 0; i < nz; i++) {
      assigned[i] = sh != null ? sh[i][lab[i]] : fixedShifts != null ? fixedShifts[i] : 0;
    }
    double rhoEnd = ft.validationScore();
    return new Result(out, lab, z, raw, assigned, EmbeddedDec.copy(centres), startLabels, startZ,
        List.copyOf(history), rhoStart, rhoEnd, model.testScore(params, o.train()), model.testScore(out, o.train()), epoch,
        stop);
  }

  /** An {@link ExtraLoss} reading {@code reads} and computing gradients with {@code gradients}. */
  static ExtraLoss extraLoss(Set<String> reads, java.util.function.BiFunction<Long, Map<String, float[]>, Map<String, float[]>> gradients) {
    return new ExtraLoss() {
      @Override
      public Set<String> reads() {
        return reads;
      }

      @Override
      public Map<String, float[]> gradients(long step, Map<String, float[]> values) {
        return gradients.apply(step, values);
      }
    };
  }
}
