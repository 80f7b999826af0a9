package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage whose single step outlasts the heartbeat timeout is not mistaken for a dead worker. */
class KeepAliveTest {
  @TempDir Path dir;

  public static final class SilentSlowData implements DataActivities {
    private final StageRunner runner;

    public SilentSlowData(StageRunner runner) {
      this.runner = runner;
    }

    @Override
    public StageOutput fetchData(StageInput in) {
      return runner.run(in, List.of("seed"), w -> {
        Thread.sleep(7000); // one long step, no progress report, heartbeat timeout 3 s
        Path f = w.workDir().resolve("x");
        Files.writeString(f, "x");
        w.addOutput("x", f);
      });
    }
  }

  @BeforeAll
  static void stages() {
    StageRegistry.useOnly(List.of(new StageRegistry.Entry(List.of(Stages.DATA), SilentSlowData::new)));
  }

  @AfterAll
  static void restore() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  @Test
  void longSilentStepSucceedsOnTheFirstAttempt() throws Exception {
    Connection c = new Connection(dir, null, "default", false, null, null, null, null, -1);
    try (CortexRuntime rt = CortexRuntime.open(c)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      RunRecord r = ExperimentLauncher.runAndFollow(rt, ConfigLoader.parse("t", "seed: 8", List.of()), new StagePolicy(3, 1, 1, 0.1),
          new PrintStream(new ByteArrayOutputStream()), false);
      assertEquals("success", r.status(), r.error());
      assertEquals(0.0, rt.registry.find("cortexclust.stage.failures").counters().stream().mapToDouble(x -> x.count()).sum());
    }
  }
}
