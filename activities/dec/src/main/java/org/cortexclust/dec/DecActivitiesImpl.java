package org.cortexclust.dec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.DecConfig;
import org.cortexclust.common.io.Csv;
import org.cortexclust.common.io.LabelsCsv;
import org.cortexclust.common.io.NeuronsCsv;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.io.Npz;
import org.cortexclust.common.io.Shifts;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingActivitiesImpl;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.TrainedModels;
import org.cortexclust.training.TrainingSetup;
import org.cortexclust.training.model.TrainedModel;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.embedding.EmbeddingFiles;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.workflows.contract.DecActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;

/**
 * DEC stage adapter: model + dataset + aligned (shifts) + clustering (initial labels) → {@code labels.csv}
 * ({@code index,dec_K}), {@code embeddings.npy} after DEC (N, f, n), {@code history.csv} (one row per epoch or
 * refresh), {@code model.json}/{@code params.npz} of the fine-tuned model (the input model in embeddings-only mode);
 * metrics ρ_st before/after, silhouette before/after in the aligned view, ARI/NMI vs ground truth when known. Joint
 * mode checkpoints every epoch and resumes from the newest checkpoint. A dynamic (video) model is fine-tuned jointly the
 * same way (the {@link TrainedModel} of the model input: chunked training as the training stage configured it,
 * validation = the Sensorium 2023 oracle score, no test tier) and published as a video model; in embeddings-only mode
 * it takes the embeddings table path. The model is opened once by {@link TrainedModels}; DEC sees only the interface. See docs/artifacts.md.
 */
public final class DecActivitiesImpl implements DecActivities {
  static final List<String> SLICE = List.of("seed", "training", "alignment", "dec");
  /** The sub-stage that pre-trains PE epochs for {@code dec.start: epoch}. */
  static final String PRETRAIN = "dec_pretrain";
  static final List<String> PRETRAIN_SLICE = List.of("seed", "training", "dec.pretrain_epochs");
  static final int SILHOUETTE_SAMPLE = 2000;
  /** Per-neuron test ρ_st of the model after DEC: {@code index,rho_st_test} (docs/artifacts.md). */
  public static final String RHO_ST_CSV = "rho_st.csv";
  private final StageRunner runner;

  public DecActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput fineTune(StageInput in) {
    return runner.run(withPretraining(in), SLICE, DecActivitiesImpl::body);
  }

  /**
   * With {@code dec.start: epoch}, the pre-training of PE epochs first: a memoised artifact of its own (stage
   * {@value #PRETRAIN}, keyed by the dataset, the seed, the training section and {@code dec.pretrain_epochs} only, so
   * every λ/K/method variant of one training configuration shares it), handed to the DEC body as input
   * {@code pretrained}.
   */
  StageInput withPretraining(StageInput in) {
    DecConfig c = ConfigLoader.fromCanonicalJson(in.configJson()).config().dec();
    if (!"epoch".equals(c.start()) || !in.inputs().containsKey("model") || !in.inputs().containsKey("dataset")) {
      return in;
    }
    StageOutput pre = runner.run(new StageInput(in.runId(), PRETRAIN, in.configJson(),
        Map.of("dataset", in.inputs().get("dataset"))), PRETRAIN_SLICE,
        w -> TrainingActivitiesImpl.pretrainBody(w, w.config().dec().pretrainEpochs()));
    Map<String, String> inputs = new TreeMap<>(in.inputs());
    inputs.put("pretrained", pre.artifactId());
    return new StageInput(in.runId(), in.stage(), in.configJson(), inputs);
  }

  static void body(StageWork work) throws IOException {
    DecConfig c = work.config().dec();
    if (!work.hasInput("model")) {
      tableBody(work, c);
      return;
    }
    boolean video = ModelFiles.isVideoModel(work.inputFile("model", "model.json"));
    if (video && "embeddings_only".equals(c.mode())) {
      tableBody(work, c); // DEC on the video model's embeddings table
      return;
    }
    try (TrainedModel m = TrainedModels.open(work, work.hasInput("pretrained") ? "pretrained" : "model")) {
      modelBody(work, c, m);
    }
  }

  /**
   * DEC on a trained model (joint, or embeddings-only on a static model), or, with input {@code pretrained}
   * ({@code dec.start: epoch}), joint training from the pre-training's epoch PE: clusters from k-means on the epoch-PE
   * embeddings, the training section's schedule until early stopping.
   */
  static void modelBody(StageWork work, DecConfig c, TrainedModel model) throws IOException {
    ModelSpec spec = model.spec();
    boolean fromEpoch = work.hasInput("pretrained");
    TrainingState pre = fromEpoch ? model.readCheckpoint(work.inputFile("pretrained", "state.npz")) : null;
    Map<String, float[]> params = fromEpoch ? pre.tensors() : model.params();
    int f = spec.features();
    int n = spec.rotations();
    int d = f * n;
    int total = spec.mice().stream().mapToInt(m -> m.neurons()).sum();
    RotationMode rotation = RotationMode.parse(c.rotation());
    if (fromEpoch && rotation == RotationMode.FIXED && n > 1) {
      throw new IllegalArgumentException("dec.rotation: fixed uses the alignment stage's shifts of the converged model, "
          + "which do not hold at epoch " + pre.epoch() + "; with dec.start: epoch use dec.rotation: invariant");
    }
    int[] shifts = fromEpoch ? new int[total] : readShifts(work, total);
    Method method = Method.parse(c.method());
    boolean normalise = work.config().alignment().normalise();
    DecView view = new DecView(f, n, normalise, c.scaleToDimension() ? Math.sqrt(d) : 1,
        rotation == RotationMode.FIXED ? shifts : null);
    double[][] startZ = view.forward(JointDec.embeddings(spec, params));
    // the fixed-shift view is the space the clustering stage's labels live in
    double[][] alignedStart = new DecView(f, n, normalise, view.scale(), shifts).forward(
        JointDec.embeddings(spec, params));
    Init init = fromEpoch ? epochInit(work, c, alignedStart, pre.epoch()) : initialLabels(work, c, alignedStart);
    // centres = means of the labelled neurons in the aligned frame (in fixed mode that frame is the DEC view)
    double[][] centres = JointDec.centresFromLabels(alignedStart, init.labels(), init.k());
    int[] truth = model.truth();
    TrainOptions base = TrainingSetup.options(work.config().training(), work.seed());
    // from epoch PE the model keeps the training schedule; after training, DEC's own epochs and rate
    TrainOptions o = fromEpoch ? base : new TrainOptions(base.batchSize(), Math.max(1, c.maxEpochs()), c.learningRate(),
        base.lrDecayFactor(), base.lrDecaySteps(), base.patience(), base.tolerance(), base.minLr(), base.seed(),
        base.threads(), base.device(), base.evalBatchSize());
    Path history = work.workDir().resolve("history.csv");
    Map<String, float[]> outParams;
    int[] startLabels;
    int[] labels;
    double[][] startView;
    double[][] endView;
    double rhoValBefore;
    double rhoValAfter;
    double rhoTestBefore;
    double rhoTestAfter;
    int epochs;
    String stop;
    double[][] soft;
    if ("joint".equals(c.mode())) {
      JointDec.Options jo = new JointDec.Options(c.lambda(), c.alpha(), c.targetExponent(), c.updateInterval(),
          c.tol(), c.maxEpochs(), c.rhoDropTolerance(), rotation, c.freezeCore(), normalise, c.scaleToDimension(), o,
          method);
      Optional<StageWork.Checkpoint> ck = work.latestCheckpoint();
      JointDec.State resume = ck.isPresent() ? DecCheckpoint.read(ck.get().file(), model.architectureHash()) : null;
      Path ckFile = work.workDir().resolve("dec-checkpoint.bin");
      java.util.function.Consumer<JointDec.State> save = s -> {
        try {
          DecCheckpoint.write(ckFile, model.architectureHash(), s);
          Refresh last = s.history().get(s.history().size() - 1);
          work.checkpoint(ckFile, s.epoch(), Map.of("kl", last.kl(), "rho_st_val", last.rhoVal()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      JointDec.Result r = fromEpoch ? JointDec.fitFromEpoch(model, pre, centres, jo, work.progress(), save, resume)
          : JointDec.fit(model, params, centres, shifts, jo, work.progress(), save, resume);
      writeHistory(history, "epoch", "poisson_objective", r.history());
      outParams = r.params();
      startLabels = r.startLabels();
      labels = r.labels();
      startView = alignedView(r.startEmbeddings(), r.startLabels(), centres, rotation, n);
      endView = alignedView(r.embeddings(), r.labels(), r.centres(), rotation, n);
      rhoValBefore = r.rhoValStart();
      rhoValAfter = r.rhoValEnd();
      rhoTestBefore = r.rhoTestStart();
      rhoTestAfter = r.rhoTestEnd();
      epochs = r.epochs();
      stop = r.stopReason();
      soft = r.q();
    } else {
      EmbeddedDec.Options eo = new EmbeddedDec.Options(c.lambda(), c.alpha(), c.targetExponent(),
          c.updateInterval(), c.tol(), c.maxSteps(), c.learningRate(),
          "sgd".equals(c.optimiser()) ? Optimiser.Kind.SGD : Optimiser.Kind.ADAM, c.momentum(), c.trainEmbeddings(),
          rotation, n, method);
      EmbeddedDec.Result r = EmbeddedDec.fit(startZ, centres, eo, work.progress());
      writeHistory(history, "step", "anchor", r.history());
      outParams = params;
      startLabels = DecKernel.labels(DecKernel.softAssign(startZ, centres, c.alpha(),
          rotation == RotationMode.INVARIANT ? DecKernel.bestShifts(startZ, centres, n) : null, n));
      labels = r.labels();
      startView = alignedView(startZ, startLabels, centres, rotation, n);
      endView = alignedView(r.embeddings(), r.labels(), r.centres(), rotation, n);
      rhoValBefore = Double.NaN;
      rhoValAfter = Double.NaN;
      rhoTestBefore = model.testScore(params, o);
      rhoTestAfter = rhoTestBefore;
      epochs = 0;
      stop = r.stopReason();
      soft = r.q();
      work.metric("steps", r.steps());
    }

    int k = init.k();
    Path labelsCsv = work.workDir().resolve("labels.csv");
    LabelsCsv.write(labelsCsv, Map.of("dec_" + k, labels));
    Path modelJson = work.workDir().resolve("model.json");
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("dec_mode", c.mode());
    extra.put("dec_lambda", c.lambda());
    extra.put("dec_start", fromEpoch ? "epoch" : "after_training");
    if (fromEpoch) extra.put("dec_pretrain_epochs", pre.epoch());
    extra.put("dec_stop_reason", stop);
    model.writeModelJson(modelJson, extra);
    Path paramsFile;
    if (outParams == params) {
      paramsFile = work.inputFile("model", "params.npz"); // embeddings-only: the model is unchanged
    } else {
      paramsFile = work.workDir().resolve("params.npz");
      model.writeParams(paramsFile, outParams);
    }
    Embeddings e = model.embeddings(outParams, o, work.progress());
    Path emb = work.workDir().resolve("embeddings.npy");
    EmbeddingFiles.writeNpy(emb, e);
    work.addOutput("labels.csv", labelsCsv);
    work.addOutput("embeddings.npy", emb);
    work.addOutput("history.csv", history);
    work.addOutput("model.json", modelJson);
    work.addOutput("params.npz", paramsFile);
    writeSoft(work, k, soft);
    double[] testAfter = model.testScores(outParams, o);
    if (testAfter != null) {
      // per neuron, so that the report can pair DEC's test scores with the trained model's (an interval for Δρ_st)
      Path rho = work.workDir().resolve(RHO_ST_CSV);
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < testAfter.length; i++) rows.add(List.of(Integer.toString(i), Csv.cell(testAfter[i])));
      Csv.write(rho, List.of("index", "rho_st_test"), rows);
      work.addOutput(RHO_ST_CSV, rho);
    }

    metric(work, "k", k);
    metric(work, "lambda", c.lambda());
    metric(work, "epochs", epochs);
    if (fromEpoch) metric(work, "pretrain_epochs", pre.epoch());
    metric(work, "rho_st_val_before", rhoValBefore);
    metric(work, "rho_st_val", rhoValAfter);
    metric(work, "delta_rho_st_val", rhoValAfter - rhoValBefore);
    metric(work, "rho_st_test_before", rhoTestBefore);
    metric(work, "rho_st_test", rhoTestAfter);
    metric(work, "delta_rho_st_test", rhoTestAfter - rhoTestBefore);
    metric(work, "label_change_vs_init", DecKernel.changedFraction(startLabels, labels));
    metric(work, "ari_vs_init", ClusterMetrics.adjustedRandIndex(init.labels(), labels));
    if (distinct(startLabels) > 1 && distinct(startLabels) < total) {
      metric(work, "silhouette_before", ClusterMetrics.silhouette(startView, startLabels, SILHOUETTE_SAMPLE,
          work.seed()));
    }
    if (distinct(labels) > 1 && distinct(labels) < total) {
      metric(work, "silhouette_after", ClusterMetrics.silhouette(endView, labels, SILHOUETTE_SAMPLE, work.seed()));
    }
    if (truth != null) {
      metric(work, "ari_before", ClusterMetrics.adjustedRandIndex(truth, init.labels()));
      metric(work, "ari_after", ClusterMetrics.adjustedRandIndex(truth, labels));
      metric(work, "nmi_before", ClusterMetrics.normalizedMutualInformation(truth, init.labels()));
      metric(work, "nmi_after", ClusterMetrics.normalizedMutualInformation(truth, labels));
    }
  }

  /**
   * {@code soft.npz}: DEC's final soft assignments Q as one float64 (N, K) array named {@code dec_K}, rows in
   * {@code labels.csv} order (scikit-learn's {@code predict_proba}; the clustering stage's soft.npz for GMM).
   */
  static void writeSoft(StageWork work, int k, double[][] q) throws IOException {
    if (q == null || q.length == 0) return;
    int kk = q[0].length;
    double[] flat = new double[q.length * kk];
    for (int i = 0; i < q.length; i++) System.arraycopy(q[i], 0, flat, i * kk, kk);
    Path p = work.workDir().resolve("soft.npz");
    Npz.write(p, Map.of("dec_" + k, NpyArray.ofDoubles(flat, q.length, kk)));
    work.addOutput("soft.npz", p);
  }

  /**
   * DEC on an embeddings table without a model (bring your own embeddings): embeddings-only DEC on the
   * {@code embeddings} input's (N, f, n) array, initialised like the model path.
   */
  static void tableBody(StageWork work, DecConfig c) throws IOException {
    if (!"embeddings_only".equals(c.mode())) {
      throw new IllegalArgumentException("dec.mode: '" + c.mode() + "' fine-tunes a trained model, and this run has none "
          + "(imported embeddings); use dec.mode=embeddings_only");
    }
    org.cortexclust.common.io.NpyArray a = Npy.read(work.inputFile("embeddings", "embeddings.npy"));
    long[] shape = a.shape();
    int total = (int) shape[0];
    int f = (int) shape[1];
    int n = shape.length > 2 ? (int) shape[2] : 1;
    int d = f * n;
    float[] flat = a.toFloatArray();
    double[][] w = new double[total][d];
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < d; j++) {
        w[i][j] = flat[i * d + j];
      }
    }
    int[] shifts = work.hasInput("aligned") ? readShifts(work, total) : new int[total];
    RotationMode rotation = RotationMode.parse(c.rotation());
    Method method = Method.parse(c.method());
    boolean normalise = work.config().alignment().normalise();
    DecView view = new DecView(f, n, normalise, c.scaleToDimension() ? Math.sqrt(d) : 1,
        rotation == RotationMode.FIXED ? shifts : null);
    double[][] startZ = view.forward(w);
    double[][] alignedStart = new DecView(f, n, normalise, view.scale(), shifts).forward(w);
    Init init = initialLabels(work, c, alignedStart);
    double[][] centres = JointDec.centresFromLabels(alignedStart, init.labels(), init.k());
    EmbeddedDec.Options eo = new EmbeddedDec.Options(c.lambda(), c.alpha(), c.targetExponent(), c.updateInterval(), c.tol(),
        c.maxSteps(), c.learningRate(), "sgd".equals(c.optimiser()) ? Optimiser.Kind.SGD : Optimiser.Kind.ADAM, c.momentum(),
        c.trainEmbeddings(), rotation, n, method);
    EmbeddedDec.Result r = EmbeddedDec.fit(startZ, centres, eo, work.progress());
    Path history = work.workDir().resolve("history.csv");
    writeHistory(history, "step", "anchor", r.history());
    int[] startLabels = DecKernel.labels(DecKernel.softAssign(startZ, centres, c.alpha(),
        rotation == RotationMode.INVARIANT ? DecKernel.bestShifts(startZ, centres, n) : null, n));
    int[] labels = r.labels();
    int k = init.k();
    Path labelsCsv = work.workDir().resolve("labels.csv");
    LabelsCsv.write(labelsCsv, Map.of("dec_" + k, labels));
    float[] after = new float[total * d];
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < d; j++) {
        after[i * d + j] = (float) r.embeddings()[i][j];
      }
    }
    Path emb = work.workDir().resolve("embeddings.npy");
    Npy.write(emb, org.cortexclust.common.io.NpyArray.ofFloats(after, total, f, n));
    work.addOutput("labels.csv", labelsCsv);
    work.addOutput("embeddings.npy", emb);
    work.addOutput("history.csv", history);
    writeSoft(work, k, r.q());
    metric(work, "k", k);
    metric(work, "lambda", c.lambda());
    metric(work, "steps", r.steps());
    metric(work, "label_change_vs_init", DecKernel.changedFraction(startLabels, labels));
    metric(work, "ari_vs_init", ClusterMetrics.adjustedRandIndex(init.labels(), labels));
    double[][] startView = alignedView(startZ, startLabels, centres, rotation, n);
    double[][] endView = alignedView(r.embeddings(), labels, r.centres(), rotation, n);
    if (distinct(startLabels) > 1 && distinct(startLabels) < total) {
      metric(work, "silhouette_before", ClusterMetrics.silhouette(startView, startLabels, SILHOUETTE_SAMPLE, work.seed()));
    }
    if (distinct(labels) > 1 && distinct(labels) < total) {
      metric(work, "silhouette_after", ClusterMetrics.silhouette(endView, labels, SILHOUETTE_SAMPLE, work.seed()));
    }
    int[] truth = tableTruth(work.inputFile("embeddings", "neurons.csv"), total);
    if (truth != null) {
      metric(work, "ari_before", ClusterMetrics.adjustedRandIndex(truth, init.labels()));
      metric(work, "ari_after", ClusterMetrics.adjustedRandIndex(truth, labels));
      metric(work, "nmi_before", ClusterMetrics.normalizedMutualInformation(truth, init.labels()));
      metric(work, "nmi_after", ClusterMetrics.normalizedMutualInformation(truth, labels));
    }
  }

  /** Known labels ({@code gt_type}) of an embeddings table, coded as ints; null when absent or incomplete. */
  static int[] tableTruth(Path neuronsCsv, int total) throws IOException {
    NeuronsCsv t = NeuronsCsv.read(neuronsCsv, total);
    return t.truth() == null || !t.truth().complete() ? null : t.truth().codes();
  }

  /** Initial labels and K. */
  record Init(int[] labels, int k, String source) {}

  /** Joint training from epoch PE: k-means (k-means++, 20 restarts) on the epoch-PE view embeddings. */
  static Init epochInit(StageWork work, DecConfig c, double[][] view, int epoch) {
    if (!"kmeans".equals(c.initFrom())) {
      throw new IllegalArgumentException("dec.init_from: with dec.start: epoch the clusters start from k-means on the "
          + "epoch-" + epoch + " embeddings (the clustering stage's labels belong to the converged model); got '"
          + c.initFrom() + "', use kmeans");
    }
    int k = resolveK(work, c);
    KMeans.Result km = KMeans.fit(view, KMeans.Options.of(k, work.seed()).withRestarts(20));
    return new Init(km.labels(), k, "kmeans on the epoch-" + epoch + " embeddings (k-means++, 20 restarts)");
  }

  static Init initialLabels(StageWork work, DecConfig c, double[][] aligned) throws IOException {
    int k = resolveK(work, c);
    String column = "kmeans".equals(c.initFrom()) ? "kmeans_" + k : c.initFrom();
    Map<String, int[]> table = work.inputManifest("clustering").outputs().containsKey("labels.csv")
        ? readLabels(work.inputFile("clustering", "labels.csv"), aligned.length) : Map.of();
    int[] lab = table.get(column);
    if (lab == null) {
      if (!"kmeans".equals(c.initFrom())) {
        throw new IllegalArgumentException("dec.init_from: the clustering stage's labels.csv has no column '" + column
            + "'; it has " + table.keySet());
      }
      KMeans.Result km = KMeans.fit(aligned, KMeans.Options.of(k, work.seed()).withRestarts(20));
      return new Init(km.labels(), k, "kmeans (k-means++, 20 restarts, in the dec stage)");
    }
    // relabel to 0..k-1 in order of first appearance of each value
    Map<Integer, Integer> map = new LinkedHashMap<>();
    int[] out = new int[lab.length];
    for (int i = 0; i < lab.length; i++) {
      if (lab[i] < 0) {
        throw new IllegalArgumentException("dec.init_from: column '" + column + "' of the clustering labels.csv has no "
            + "label for neuron " + i);
      }
      out[i] = map.computeIfAbsent(lab[i], x -> map.size());
    }
    return new Init(out, map.size(), column);
  }

  /**
   * K of the run: {@code dec.k}, or with {@code dec.k: 0} ({@link DecConfig#AUTO_K}) the clustering stage's k-means
   * recommendation (its manifest metric {@code kmeans_best_k}); with {@code init_from} a METHOD_K column K is that
   * column's (this value only names the k-means fallback).
   */
  static int resolveK(StageWork work, DecConfig c) {
    if (c.k() != DecConfig.AUTO_K) {
      return c.k();
    }
    if (!"kmeans".equals(c.initFrom())) {
      return kOfColumn(c.initFrom());
    }
    Double best = work.hasInput("clustering") ? work.inputManifest("clustering").metrics().get("kmeans_best_k") : null;
    if (best == null || best < 2) {
      throw new IllegalArgumentException("dec.k is 0 (take the clustering stage's k-means choice) but the clustering "
          + "artifact has no kmeans_best_k metric" + (best == null ? "" : " >= 2 (it is " + best + ")")
          + "; set dec.k to a number of clusters, or keep kmeans in clustering.methods");
    }
    return (int) Math.round(best);
  }

  private static int kOfColumn(String column) {
    return Integer.parseInt(column.substring(column.lastIndexOf('_') + 1));
  }

  /** labels.csv: {@code index} + METHOD_K columns; empty cells become −1. */
  static Map<String, int[]> readLabels(Path file, int n) throws IOException {
    return LabelsCsv.read(file, n);
  }

  static int[] readShifts(StageWork work, int total) throws IOException {
    if (!work.inputManifest("aligned").outputs().containsKey("shifts.npy")) {
      throw new IllegalArgumentException("aligned artifact " + work.inputManifest("aligned").id()
          + " has no shifts.npy (found " + work.inputManifest("aligned").outputs().keySet() + ")");
    }
    return Shifts.read(work.inputFile("aligned", "shifts.npy"), total);
  }

  /** Each neuron rolled to its assigned centre's frame (invariant mode) — the space silhouettes are taken in. */
  static double[][] alignedView(double[][] z, int[] labels, double[][] centres, RotationMode mode, int n) {
    if (mode != RotationMode.INVARIANT || n == 1) return z;
    int[][] best = DecKernel.bestShifts(z, centres, n);
    double[][] out = new double[z.length][];
    for (int i = 0; i < z.length; i++) out[i] = DecKernel.roll(z[i], n, best[i][labels[i]]);
    return out;
  }

  static void writeHistory(Path file, String stepName, String otherName, List<Refresh> h) throws IOException {
    StringBuilder sb = new StringBuilder(stepName + ",kl_per_neuron," + otherName + ",label_change,rho_st_val\n");
    for (Refresh r : h) {
      sb.append(r.step()).append(',').append(num(r.kl())).append(',').append(num(r.other())).append(',')
          .append(num(r.changed())).append(',').append(num(r.rhoVal())).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  static void metric(StageWork work, String name, double v) {
    if (Double.isFinite(v)) work.metric(name, v);
  }

  static int distinct(int[] a) {
    return (int) Arrays.stream(a).distinct().count();
  }
}
