package org.cortexclust.dec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.model.ExtraLoss;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;

/**
 * The clustering loss of joint DEC / DECEMber as a model's {@link ExtraLoss}: {@code (λ/N)·KL(P‖Q(Z, μ))} on the
 * {@link DecView} Z of every neuron's readout features (mice stacked in model order), with its mutable state — centres
 * (Adam for DEC, one EM step per optimiser step for DECEMber inside the kernel), target P and its refresh every
 * {@code updateInterval} steps (best shifts re-chosen in rotation-invariant mode), labels, and per-epoch statistics.
 * One round trip per optimiser step: the features come in, their gradients go out; nothing else crosses the engine.
 */
final class DecLoss implements ExtraLoss {
  private final DecView view;
  private final JointDec.Options o;
  private final List<String> reads;
  private final Set<String> readSet;
  private final int[] sizes;
  private final int nz;
  private final int f;
  private final int n;
  private final boolean invariant;
  final double[][] centres;
  final ClusterKernel kernel;
  final Optimiser centreOpt;
  double[][] target;
  int[][] shifts;
  int[] labels;
  /** Learning rate of the centres' Adam (the model's, this epoch). */
  private double lr;
  private double klSum;
  private double klCount;
  /** Label-change fraction of the epoch's last refresh (NaN = no refresh). */
  double changed = Double.NaN;

  /** The loss at the start (fresh centres, or a checkpoint's) and what it saw there. */
  record Start(DecLoss loss, int[] startLabels, double startKl) {}

  private DecLoss(ModelSpec spec, DecView view, JointDec.Options o, boolean invariant, double[][] centres,
      ClusterKernel kernel, Optimiser centreOpt) {
    this.view = view;
    this.o = o;
    this.reads = JointDec.featureTensors(spec);
    this.readSet = new LinkedHashSet<>(reads);
    this.sizes = spec.mice().stream().mapToInt(MouseShape::neurons).toArray();
    int total = 0;
    for (int s : sizes) total += s;
    this.nz = total;
    this.f = spec.features();
    this.n = spec.rotations();
    this.invariant = invariant;
    this.centres = centres;
    this.kernel = kernel;
    this.centreOpt = centreOpt;
    this.lr = o.train().learningRate();
  }

  /**
   * The loss on starting view embeddings {@code startZ} with initial centres, or restored from {@code resume} (its
   * centres, variances, centre optimiser, target, shifts and labels).
   */
  static Start start(ModelSpec spec, DecView view, JointDec.Options o, boolean invariant, double[][] startZ,
      double[][] initCentres, JointDec.State resume) {
    int n = spec.rotations();
    double[][] mu = EmbeddedDec.copy(initCentres);
    if (mu[0].length != spec.features() * n) {
      throw new IllegalArgumentException("centres have " + mu[0].length + " values, the model's embeddings "
          + spec.features() * n);
    }
    ClusterKernel startKernel = ClusterKernel.start(o.method(), o.alpha(), n, invariant, startZ, mu);
    int[][] startShifts = invariant ? startKernel.bestShifts(startZ) : null;
    double[][] q0 = startKernel.q(startZ, startShifts);
    int[] startLabels = DecKernel.labels(q0);
    if (resume != null) {
      double[][] rmu = EmbeddedDec.copy(resume.centres());
      ClusterKernel k = new ClusterKernel(o.method(), o.alpha(), n, rmu,
          resume.variances() == null ? null : EmbeddedDec.copy(resume.variances()));
      Optimiser opt = new Optimiser(Optimiser.Kind.ADAM, 0, rmu);
      opt.restore(resume.centreMoments(), resume.centreSteps());
      DecLoss l = new DecLoss(spec, view, o, invariant, rmu, k, opt);
      l.target = resume.target();
      l.shifts = resume.shifts();
      l.labels = resume.labels().clone();
      return new Start(l, startLabels, Double.NaN);
    }
    DecLoss l = new DecLoss(spec, view, o, invariant, mu, startKernel, new Optimiser(Optimiser.Kind.ADAM, 0, mu));
    l.shifts = startShifts;
    l.labels = DecKernel.labels(q0);
    l.target = DecKernel.target(q0, o.targetExponent());
    return new Start(l, startLabels, DecKernel.kl(l.target, q0) / l.nz);
  }

  /** Neurons (all mice). */
  int neurons() {
    return nz;
  }

  @Override
  public Set<String> reads() {
    return readSet;
  }

  @Override
  public void startEpoch(int epoch, double rate) {
    klSum = 0;
    klCount = 0;
    changed = Double.NaN;
    lr = rate;
  }

  /** Mean KL per neuron over the epoch's steps so far. */
  double meanKl() {
    return klSum / Math.max(1, klCount);
  }

  @Override
  public Map<String, float[]> gradients(long step, Map<String, float[]> values) {
    double[][] w = new double[nz][];
    int row = 0;
    for (int k = 0; k < reads.size(); k++) {
      double[][] wk = DecView.fromReadout(values.get(reads.get(k)), sizes[k], f, n);
      System.arraycopy(wk, 0, w, row, wk.length);
      row += wk.length;
    }
    double[][] z = view.forward(w);
    DecKernel.Evaluation ev = kernel.evaluate(z, target, shifts);
    klSum += ev.loss() / nz;
    klCount++;
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
      centreOpt.update(lr, new double[][][] {centres}, new double[][][] {gm});
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
      // target refresh on the current embeddings (docs/science.md §6.1 "update interval")
      if (invariant) shifts = kernel.bestShifts(z);
      double[][] q = kernel.q(z, shifts);
      int[] now = DecKernel.labels(q);
      changed = DecKernel.changedFraction(labels, now);
      labels = now;
      target = DecKernel.target(q, o.targetExponent());
    }
    return grads;
  }

  /** Everything to resume after {@code epoch} epochs, with the model's state. */
  JointDec.State state(int epoch, TrainingState model, double rhoStart, List<Refresh> history, boolean finished,
      String stop) {
    return new JointDec.State(epoch, model, EmbeddedDec.copy(centres),
        kernel.variances == null ? null : EmbeddedDec.copy(kernel.variances), centreOpt.moments(), centreOpt.steps(),
        target, shifts, labels.clone(), rhoStart, List.copyOf(history), finished, stop);
  }
}
