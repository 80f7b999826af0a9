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
import org.cortexclust.training.EpochRecord;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.model.TrainedModel;
import org.cortexclust.training.model.Tuning;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ParamSpec;

/**
 * DEC fine-tuning of a trained core + readout model with the joint loss (docs/science.md §6.4, IDEC-style):
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
   * @param q           final soft assignments Q (N × K, rows sum to 1) whose argmax is {@code labels}
   */
  public record Result(Map<String, float[]> params, int[] labels, double[][] embeddings, double[][] rawEmbeddings,
      int[] shifts, double[][] centres, int[] startLabels, double[][] startEmbeddings, List<Refresh> history,
      double rhoValStart, double rhoValEnd, double rhoTestStart, double rhoTestEnd, int epochs, String stopReason,
      double[][] q) {}

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
    Set<String> frozen = frozen(model, o);
    double[][] startZ = view.forward(embeddings(spec, params));
    DecLoss.Start st = DecLoss.start(spec, view, o, invariant, startZ, initCentres, resume);
    DecLoss loss = st.loss();
    int[] startLabels = st.startLabels();
    Tuning ft = model.tune(params, frozen, o.train(), resume != null ? resume.model() : null);
    double lr = o.train().learningRate();
    List<Refresh> history;
    double rhoStart;
    int epoch;
    boolean finished;
    String stop;
    if (resume != null) {
      history = new ArrayList<>(resume.history());
      rhoStart = resume.rhoStart();
      epoch = resume.epoch();
      finished = resume.finished();
      stop = resume.stopReason();
    } else {
      rhoStart = ft.validationScore();
      history = new ArrayList<>();
      history.add(new Refresh(0, st.startKl(), Double.NaN, 0, rhoStart));
      epoch = 0;
      finished = false;
      stop = "";
    }

    Map<String, float[]> previous = ft.params();
    while (!finished && epoch < o.maxEpochs()) {
      loss.startEpoch(epoch, lr);
      double poisson = ft.epoch(epoch, lr, Progress.NONE, loss);
      epoch++;
      double rho = ft.validationScore();
      double changed = loss.changed;
      history.add(new Refresh(epoch, loss.meanKl(), poisson, changed, rho));
      progress.report("dec", epoch, o.maxEpochs(), Map.of("kl", loss.meanKl(),
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
        checkpoints.accept(loss.state(epoch, ft.state(epoch, lr), rhoStart, history, finished, stop));
      }
    }
    if (stop.isEmpty()) stop = "epoch budget " + o.maxEpochs() + " reached";
    Map<String, float[]> out = ft.params();
    return result(model, spec, view, loss, invariant, fixedShifts, params, out, startLabels, startZ, history, rhoStart,
        ft.validationScore(), o, epoch, stop);
  }

  /** The result of a joint run: final labels, embeddings and shifts of the tuned tensors {@code out}. */
  private static Result result(TrainedModel model, ModelSpec spec, DecView view, DecLoss loss, boolean invariant,
      int[] fixedShifts, Map<String, float[]> params, Map<String, float[]> out, int[] startLabels, double[][] startZ,
      List<Refresh> history, double rhoStart, double rhoEnd, Options o, int epoch, String stop) {
    int nz = loss.neurons();
    double[][] raw = embeddings(spec, out);
    double[][] z = view.forward(raw);
    int[][] sh = invariant ? loss.kernel.bestShifts(z) : null;
    double[][] q = loss.kernel.q(z, sh);
    int[] lab = DecKernel.labels(q);
    int[] assigned = new int[nz];
    for (int i = 0; i < nz; i++) {
      assigned[i] = sh != null ? sh[i][lab[i]] : fixedShifts != null ? fixedShifts[i] : 0;
    }
    return new Result(out, lab, z, raw, assigned, EmbeddedDec.copy(loss.centres), startLabels, startZ,
        List.copyOf(history), rhoStart, rhoEnd, model.testScore(params, o.train()), model.testScore(out, o.train()), epoch,
        stop, q);
  }

  /**
   * DECEMber's protocol (the clustering loss joins training at epoch PE): from a pre-training's state after PE epochs
   * ({@code pretrained}, not finished, current tensors), train jointly — prediction objective + (λ/N)·KL — with the
   * training schedule of {@code o.train()} (learning rate, LR phases, patience, epoch cap) until early stopping on
   * the validation score, best tensors restored (the centres keep their last values). Checkpoints after every epoch
   * carry the full training state, so a resumed run is the uninterrupted one. λ = 0 is exactly plain training of the
   * same total length. The label-change and ρ-drop stops of {@link #fit} do not apply.
   *
   * @param pretrained  the state after PE epochs of plain training
   * @param initCentres K × d centres in the (unshifted) view space of the epoch-PE embeddings
   */
  public static Result fitFromEpoch(TrainedModel model, TrainingState pretrained, double[][] initCentres, Options o,
      Progress progress, Consumer<State> checkpoints, State resume) {
    ModelSpec spec = model.spec();
    int f = spec.features();
    int n = spec.rotations();
    boolean invariant = o.rotation() == RotationMode.INVARIANT && n > 1;
    if (o.rotation() == RotationMode.FIXED && n > 1) {
      throw new IllegalArgumentException("dec.rotation: fixed takes the alignment stage's shifts of the converged model, "
          + "which do not hold at epoch " + pretrained.epoch() + "; with dec.start: epoch use rotation: invariant");
    }
    DecView view = new DecView(f, n, o.normalise(), o.scaleToDimension() ? Math.sqrt(f * n) : 1, null);
    Map<String, float[]> params = pretrained.tensors();
    double[][] startZ = view.forward(embeddings(spec, params));
    DecLoss.Start st = DecLoss.start(spec, view, o, invariant, startZ, initCentres, resume);
    DecLoss loss = st.loss();
    List<EpochRecord> pre = pretrained.history();
    double rhoStart = resume != null ? resume.rhoStart()
        : pre.isEmpty() ? Double.NaN : pre.get(pre.size() - 1).rhoStVal();
    List<Refresh> history = new ArrayList<>();
    if (resume != null) {
      history.addAll(resume.history());
    } else {
      history.add(new Refresh(pretrained.epoch(), st.startKl(), Double.NaN, 0, rhoStart));
    }
    TrainingState last = model.train(o.train(), frozen(model, o), progress, state -> {
      EpochRecord er = state.history().get(state.history().size() - 1);
      history.add(new Refresh(state.epoch(), loss.meanKl(), er.loss(), loss.changed, er.rhoStVal()));
      if (checkpoints != null) {
        checkpoints.accept(loss.state(state.epoch(), state, rhoStart, history, state.finished(), state.stopReason()));
      }
    }, resume != null ? resume.model() : pretrained, loss);
    return result(model, spec, view, loss, invariant, null, params, last.tensors(), st.startLabels(), startZ, history,
        rhoStart, last.bestScore(), o, last.epoch(), last.stopReason());
  }

  /** The core's trainable tensors when {@code o.freezeCore()}, else none. */
  static Set<String> frozen(TrainedModel model, Options o) {
    Set<String> frozen = new HashSet<>();
    if (o.freezeCore()) {
      for (ParamSpec p : model.parameters()) {
        if (p.trainable() && p.name().startsWith("core.")) frozen.add(p.name());
      }
    }
    return frozen;
  }
}
