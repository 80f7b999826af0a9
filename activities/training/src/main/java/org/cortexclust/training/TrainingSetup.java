package org.cortexclust.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.training.checkpoint.ModelFiles;
import java.util.List;
import org.cortexclust.common.config.TrainingConfig;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;

/** Builds the engine-neutral model spec and optimisation options from the {@code training} config section. */
public final class TrainingSetup {
  private TrainingSetup() {}

  /** The model for these mice (input shape from the data; every mouse must share it). */
  public static ModelSpec spec(TrainingConfig c, List<MouseData> mice) {
    if (mice.isEmpty()) throw new IllegalArgumentException("dataset: no mice to train on");
    MouseData first = mice.get(0);
    for (MouseData m : mice) {
      if (m.channels() != first.channels() || m.height() != first.height() || m.width() != first.width()) {
        throw new IllegalArgumentException("dataset: mouse " + m.mouseId() + " has input " + m.channels() + "x"
            + m.height() + "x" + m.width() + " but mouse " + first.mouseId() + " has " + first.channels() + "x"
            + first.height() + "x" + first.width() + "; one shared core needs one input shape");
      }
    }
    return spec(c, first.channels(), first.height(), first.width(),
        mice.stream().map(m -> new MouseShape(m.mouseId(), m.neurons())).toList());
  }

  /** The model of the {@code training} section for inputs of {@code channels × height × width} and these mice. */
  public static ModelSpec spec(TrainingConfig c, int channels, int height, int width, List<MouseShape> mice) {
    return new ModelSpec(CoreType.parse(c.core().type()), c.core().features(), c.core().rotations(),
        c.core().kernelSizes(), c.core().padFirstLayer(), c.core().hermiteUpsampling(), channels,
        height, width, c.core().bnMomentum(), ReadoutType.parse(c.readout().type()),
        c.readout().initMuRange(), c.readout().initSigma(), c.readout().initNoise(), mice,
        new Regularisation(c.regularisation().gammaReadout(), c.regularisation().gammaInput(),
            c.regularisation().gammaGroup()), gridPredictor(c.readout().gridPredictor()));
  }

  static GridPredictor gridPredictor(TrainingConfig.GridPredictorConfig g) {
    return g == null || !g.enabled() ? GridPredictor.OFF
        : new GridPredictor(true, g.hidden(), g.hiddenLayers(), g.inputDimensions());
  }

  public static TrainOptions options(TrainingConfig c, long seed) {
    return new TrainOptions(c.batchSize(), c.epochs(), c.learningRate(), c.lrDecayFactor(), c.lrDecaySteps(),
        c.patience(), c.tolerance(), c.minLr(), seed, c.threads(), c.device(), c.evalBatchSize());
  }

  /** Writes a training state to a file (the spec-specific {@code ModelFiles.writeCheckpoint}). */
  public interface CheckpointWriter {
    void write(Path file, TrainingState state) throws IOException;
  }

  /**
   * The per-epoch checkpoint hook of a training stage: the state goes to {@code checkpoint.npz} in the stage's work
   * folder and is published through {@link StageWork#checkpoint} with the epoch's loss and validation score.
   */
  public static Consumer<TrainingState> checkpoints(StageWork work, CheckpointWriter writer) {
    Path file = work.workDir().resolve("checkpoint.npz");
    return state -> {
      try {
        writer.write(file, state);
        EpochRecord last = state.history().get(state.history().size() - 1);
        work.checkpoint(file, state.epoch(), Map.of("rho_st_val", last.rhoStVal(), "loss", last.loss()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /**
   * A trained model's outputs: {@code model.json} and {@code params.npz} (already written), {@code history.csv}, and
   * the best validation score and epoch count as metrics.
   */
  public static void addModelOutputs(StageWork work, Path modelJson, Path params, TrainingResult r) throws IOException {
    Path history = work.workDir().resolve("history.csv");
    ModelFiles.writeHistoryCsv(history, r.history());
    work.addOutput("model.json", modelJson);
    work.addOutput("params.npz", params);
    work.addOutput("history.csv", history);
    work.metric("rho_st_val", r.bestRhoVal());
    work.metric("epochs", r.history().size());
  }
}
