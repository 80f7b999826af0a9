package org.cortexclust.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.stage.StageWork;
import org.cortexclust.worker.cli.Main;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.contract.TrainingActivities;

/**
 * Small, deterministic stages with the shape of the real ones (a quick data stage; a long, checkpointing,
 * heartbeating "training"), for crash tests in separate JVMs. {@link #main} is the CLI with them registered.
 */
public final class TestStages {
  private TestStages() {}

  public static void main(String[] args) {
    registerAll();
    System.exit(Main.execute(args));
  }

  public static void registerAll() {
    StageRegistry.useOnly(List.of(new StageRegistry.Entry(List.of(Stages.DATA), QuickData::new),
        new StageRegistry.Entry(List.of(Stages.TRAINING, Stages.EMBEDDINGS), CountingTraining::new)));
  }

  public static final class QuickData implements DataActivities {
    private final StageRunner runner;

    public QuickData(StageRunner runner) {
      this.runner = runner;
    }

    @Override
    public StageOutput fetchData(StageInput in) {
      return runner.run(in, List.of("seed", "data"), w -> {
        Path f = w.workDir().resolve("dataset.json");
        Files.writeString(f, "{\"seed\":" + w.seed() + "}");
        w.addOutput("dataset.json", f);
      });
    }
  }

  /**
   * "Trains" for {@code training.epochs} steps of 250 ms: a seeded LCG state advanced once per step, checkpointed
   * every step; a retried attempt continues from the newest checkpoint. The output is the final state, so an
   * interrupted-and-resumed run and an uninterrupted one must publish the same bytes.
   */
  public static final class CountingTraining implements TrainingActivities {
    private final StageRunner runner;

    public CountingTraining(StageRunner runner) {
      this.runner = runner;
    }

    @Override
    public StageOutput train(StageInput in) {
      return runner.run(in, List.of("seed", "training"), w -> {
        long state = w.seed();
        long start = 0;
        var ck = w.latestCheckpoint();
        if (ck.isPresent()) {
          String[] parts = Files.readString(ck.get().file()).split(" ");
          start = Long.parseLong(parts[0]);
          state = Long.parseLong(parts[1]);
        }
        int epochs = w.config().training().epochs();
        for (long e = start + 1; e <= epochs; e++) {
          Thread.sleep(250);
          state = state * 6364136223846793005L + 1442695040888963407L;
          Path c = w.workDir().resolve("ck.txt");
          Files.writeString(c, e + " " + state);
          w.checkpoint(c, e, Map.of("loss", 1.0 / e));
          w.progress().report("epoch", e, epochs, Map.of("loss", 1.0 / e));
        }
        Path f = w.workDir().resolve("model.json");
        Files.writeString(f, "{\"state\":" + state + "}");
        w.addOutput("model.json", f);
        w.metric("resumed_from", start);
      });
    }

    @Override
    public StageOutput extractEmbeddings(StageInput in) {
      return runner.run(in, List.of("seed"), (StageWork w) -> {
        Path f = w.workDir().resolve("embeddings.txt");
        Files.write(f, Files.readAllBytes(w.inputFile("model", "model.json")));
        w.addOutput("embeddings.txt", f);
      });
    }
  }
}
