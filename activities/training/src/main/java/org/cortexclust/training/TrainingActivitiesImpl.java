package org.cortexclust.training;

import java.io.IOException;
import java.nio.file.Path;
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
import org.cortexclust.training.model.Engines;
import org.cortexclust.training.model.StaticEngine;
import org.cortexclust.training.model.StaticModel;
import org.cortexclust.training.model.TrainedModel;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.TrainingActivities;

/**
 * Training stage adapter: dataset → model ({@code model.json}, {@code params.npz}, {@code history.csv}), resuming
 * from the newest checkpoint of an interrupted attempt; model + dataset → embeddings ({@code embeddings.npy},
 * {@code neurons.csv}). On simulated data both also publish ρ_st against the noise ceiling ({@link NoiseCeiling}). See
 * docs/artifacts.md. A video dataset artifact goes to {@link VideoTrainingStage}.
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
    Engines.named(tc.engine()); // checked before any data is read
    if (VideoTrainingStage.isVideo(work)) { // dynamic (video) dataset
      VideoTrainingStage.train(work);
      return;
    }
    trainStatic(work, Integer.MAX_VALUE);
  }

  /**
   * The pre-training of joint training from epoch PE ({@code dec.start: epoch}): the training stage's static model
   * trained for {@code epochs} epochs and paused there (current tensors, not the best; nothing restored), published as
   * {@code model.json}, {@code params.npz}, {@code history.csv} and {@code state.npz} (the full training state to resume
   * from). Same checkpoints and resume as training; if early stopping ends training before {@code epochs}, the state is
   * the finished one.
   */
  public static void pretrainBody(StageWork work, int epochs) throws IOException {
    if (VideoTrainingStage.isVideo(work)) {
      throw new IllegalArgumentException("dec.start: epoch pre-trains static models only; dataset artifact "
          + work.inputManifest("dataset").id() + " is a video dataset (use dec.start: after_training)");
    }
    trainStatic(work, epochs);
  }

  /** Static training on {@code training.engine}, paused after {@code pauseAt} epochs (MAX_VALUE: to the end). */
  private static void trainStatic(StageWork work, int pauseAt) throws IOException {
    TrainingConfig tc = work.config().training();
    StaticEngine engine = Engines.named(tc.engine()); // the one choice of engine
    List<PreparedMouse> prepared = TrainedModels.openMice(work);
    try {
      List<MouseData> mice = prepared.stream().map(PreparedMice::toMouseData).toList();
      ModelSpec spec = TrainingSetup.spec(tc, mice);
      TrainOptions o = TrainingSetup.options(tc, work.seed());
      Optional<StageWork.Checkpoint> ck = work.latestCheckpoint();
      TrainingState resume = ck.isPresent() ? ModelFiles.readCheckpoint(ck.get().file(), spec) : null;
      java.util.function.Consumer<TrainingState> save = TrainingSetup.checkpoints(work,
          (file, state) -> ModelFiles.writeCheckpoint(file, spec, state));
      TrainingResult r = engine.fit(spec, mice, o, work.progress(), save, resume, pauseAt);
      TrainedModel trained = StaticModel.of(engine, spec, r.params(), mice);
      work.progress().report("test", 0, mice.size(), Map.of());
      // a paused pre-training is not a result: its test tier stays unread
      double rhoTest = pauseAt == Integer.MAX_VALUE ? trained.testScore(r.params(), o) : Double.NaN;
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("best_rho_st_val", r.bestRhoVal());
      extra.put("best_epoch", r.bestEpoch());
      extra.put("stop_reason", r.stopReason());
      extra.putAll(engine.runtimeFacts());
      if (pauseAt != Integer.MAX_VALUE) {
        extra.put("paused_after_epochs", pauseAt);
        Path state = work.workDir().resolve("state.npz");
        trained.writeCheckpoint(state, r.finalState());
        work.addOutput("state.npz", state);
      }
      Path model = work.workDir().resolve("model.json");
      trained.writeModelJson(model, extra);
      Path params = work.workDir().resolve("params.npz");
      trained.writeParams(params, r.params());
      TrainingSetup.addModelOutputs(work, model, params, r);
      if (Double.isFinite(rhoTest)) work.metric("rho_st_test", rhoTest);
      if (pauseAt == Integer.MAX_VALUE) NoiseCeiling.publish(work, NoiseCeiling.of(prepared), r.bestRhoVal(), rhoTest);
    } finally {
      TrainedModels.closeAll(prepared);
    }
  }

  static void embeddingsBody(StageWork work) throws IOException {
    TrainingConfig tc = work.config().training();
    try (TrainedModel model = TrainedModels.open(work)) {
      Embeddings e = model.embeddings(model.params(), TrainingSetup.options(tc, work.seed()), work.progress());
      Map<String, String[]> gtType = new LinkedHashMap<>();
      Map<String, float[]> gtOri = new LinkedHashMap<>();
      model.groundTruth().forEach((mouse, g) -> {
        gtType.put(mouse, g.typeNamePerNeuron());
        gtOri.put(mouse, g.preferredOrientation());
      });
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
      NoiseCeiling.publish(work, NoiseCeiling.of(work), val, test);
    }
  }
}
