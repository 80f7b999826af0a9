package org.cortexclust.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortexclust.common.config.TrainingConfig;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.training.checkpoint.ModelFiles;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PreparedMice;
import org.cortexclust.training.embedding.EmbeddingFiles;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.engine.dl4j.Dl4jTrainer;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.TrainingActivities;

/**
 * Training stage adapter: dataset → model ({@code model.json}, {@code params.npz}, {@code history.csv}), resuming
 * from the newest checkpoint of an interrupted attempt; model + dataset → embeddings ({@code embeddings.npy},
 * {@code neurons.csv}). See docs/artifacts.md. A video dataset artifact goes to {@link VideoTrainingStage}.
 */
public final class TrainingActivitiesImpl implements TrainingActivities {
  static final List<String> SLICE = List.of("seed", "training");
  private final StageRunner runner;

  public TrainingActivitiesImpl(StageRunner runner) {
    this.runner = runner;
  }

  @Override
  public StageOutput train(StageInput in) {
    return runner.run(in, SLICE, TrainingActivitiesImpl::trainBody);
  }

  @Override
  public StageOutput extractEmbeddings(StageInput in) {
    return runner.run(in, SLICE, TrainingActivitiesImpl::embeddingsBody);
  }

  static void trainBody(StageWork work) throws IOException {
    TrainingConfig tc = work.config().training();
    checkEngine(tc);
    if (VideoTrainingStage.isVideo(work)) { // dynamic (video) dataset
      VideoTrainingStage.train(work);
      return;
    }
    List<PreparedMouse> prepared = openMice(work);
    try {
      List<MouseData> mice = prepared.stream().map(PreparedMice::toMouseData).toList();
      ModelSpec spec = TrainingSetup.spec(tc, mice);
      TrainOptions o = TrainingSetup.options(tc, work.seed());
      Optional<StageWork.Checkpoint> ck = work.latestCheckpoint();
      TrainingState resume = ck.isPresent() ? ModelFiles.readCheckpoint(ck.get().file(), spec) : null;
      boolean dl4j = "dl4j".equals(tc.engine());
      java.util.function.Consumer<TrainingState> save = TrainingSetup.checkpoints(work,
          (file, state) -> ModelFiles.writeCheckpoint(file, spec, state));
      TrainingResult r = dl4j ? Dl4jTrainer.fit(spec, mice, o, work.progress(), save, resume)
          : LibTorchTrainer.fit(spec, mice, o, work.progress(), save, resume);
      work.progress().report("test", 0, mice.size(), Map.of());
      double rhoTest = meanTestRho(spec, r, mice, o, dl4j);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("best_rho_st_val", r.bestRhoVal());
      extra.put("best_epoch", r.bestEpoch());
      extra.put("stop_reason", r.stopReason());
      Path model = work.workDir().resolve("model.json");
      ModelFiles.writeModelJson(model, spec, dl4j ? Dl4jTrainer.ENGINE
          : org.cortexclust.training.engine.libtorch.TorchRuntime.ENGINE, extra);
      Path params = work.workDir().resolve("params.npz");
      ModelFiles.writeParams(params, spec, r.params());
      TrainingSetup.addModelOutputs(work, model, params, r);
      if (Double.isFinite(rhoTest)) work.metric("rho_st_test", rhoTest);
    } finally {
      closeAll(prepared);
    }
  }

  static void embeddingsBody(StageWork work) throws IOException {
    TrainingConfig tc = work.config().training();
    if (VideoTrainingStage.isVideo(work)) { // dynamic (video) dataset
      VideoTrainingStage.embeddings(work);
      return;
    }
    ModelSpec spec = ModelFiles.readSpec(work.inputFile("model", "model.json"));
    Map<String, float[]> params = ModelFiles.readParams(work.inputFile("model", "params.npz"), spec);
    List<PreparedMouse> prepared = openMice(work);
    try {
      List<MouseData> mice = prepared.stream().map(PreparedMice::toMouseData).toList();
      Embeddings e = Embeddings.extract(spec, params, mice, tc.evalBatchSize(), tc.device(),
          work.progress());
      Map<String, String[]> gtType = new LinkedHashMap<>();
      Map<String, float[]> gtOri = new LinkedHashMap<>();
      for (PreparedMouse p : prepared) {
        p.groundTruth().ifPresent(g -> {
          gtType.put(p.mouseId(), g.typeNamePerNeuron());
          gtOri.put(p.mouseId(), g.preferredOrientation());
        });
      }
      Path npy = work.workDir().resolve("embeddings.npy");
      EmbeddingFiles.writeNpy(npy, e);
      Path csv = work.workDir().resolve("neurons.csv");
      EmbeddingFiles.writeCsv(csv, e, gtType, gtOri);
      work.addOutput("embeddings.npy", npy);
      work.addOutput("neurons.csv", csv);
      double val = Correlations.mean(e.neurons().stream().mapToDouble(x -> x.rhoStVal()).filter(Double::isFinite)
          .toArray());
      double test = Correlations.mean(e.neurons().stream().mapToDouble(x -> x.rhoStTest()).filter(Double::isFinite)
          .toArray());
      if (Double.isFinite(val)) work.metric("rho_st_val", val);
      if (Double.isFinite(test)) work.metric("rho_st_test", test);
      work.metric("neurons", e.neurons().size());
    } finally {
      closeAll(prepared);
    }
  }

  static void checkEngine(TrainingConfig tc) {
    if (!"libtorch".equals(tc.engine()) && !"dl4j".equals(tc.engine())) {
      throw new IllegalArgumentException("training.engine must be libtorch or dl4j, got '" + tc.engine() + "'");
    }
  }

  /** Every {@code mouse-*.bin} output of the dataset artifact, in name order. */
  static List<PreparedMouse> openMice(StageWork work) throws IOException {
    List<String> names = work.inputManifest("dataset").outputs().keySet().stream()
        .filter(n -> n.startsWith("mouse-") && n.endsWith(".bin")).sorted().toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("dataset artifact " + work.inputManifest("dataset").id()
          + " has no mouse-*.bin outputs (found " + work.inputManifest("dataset").outputs().keySet() + ")");
    }
    List<PreparedMouse> out = new ArrayList<>();
    try {
      for (String n : names) out.add(PreparedMouse.open(work.inputFile("dataset", n)));
    } catch (IOException | RuntimeException e) {
      closeAll(out);
      throw e;
    }
    return out;
  }

  static double meanTestRho(ModelSpec spec, TrainingResult r, List<MouseData> mice, TrainOptions o, boolean dl4j) {
    double sum = 0;
    long count = 0;
    for (MouseData m : mice) {
      int[] te = m.trialIndices("test");
      if (te.length < 2) continue;
      float[] pred = dl4j ? Dl4jTrainer.predictRates(spec, r.params(), m, te, o.evalBatchSize(), o.device())
          : LibTorchTrainer.predictRates(spec, r.params(), m, te, o.evalBatchSize(), o.device());
      for (double v : Correlations.singleTrial(m.responsesOf(te), pred, te.length, m.neurons())) {
        sum += v;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  static void closeAll(List<PreparedMouse> ps) {
    for (PreparedMouse p : ps) {
      try {
        p.close();
      } catch (IOException ignored) {
        // read-only mapping; nothing to flush
      }
    }
  }
}
