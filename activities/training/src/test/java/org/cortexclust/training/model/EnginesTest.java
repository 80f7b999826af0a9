package org.cortexclust.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.engine.dl4j.Dl4jTrainer;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.junit.jupiter.api.Test;

/** The engine registry: one choice by name or by model.json, clear errors, DL4J declining fine-tuning. */
class EnginesTest {
  @Test
  void enginesAreChosenByConfigNameOrByTheModelFile() {
    assertSame(Engines.LIBTORCH, Engines.named("libtorch"));
    assertSame(Engines.DL4J, Engines.named("dl4j"));
    assertSame(Engines.LIBTORCH, Engines.ofModel(TorchRuntime.ENGINE));
    assertSame(Engines.DL4J, Engines.ofModel(Dl4jTrainer.ENGINE));
    assertEquals("libtorch", Engines.ofModel("libtorch-9.9 (a later build)").name());
  }

  @Test
  void unknownEnginesNameTheKeyAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engines.named("tensorflow"));
    assertTrue(e.getMessage().contains("training.engine") && e.getMessage().contains("[libtorch, dl4j]")
        && e.getMessage().contains("tensorflow"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Engines.ofModel("jax-0.4"));
    assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("jax-0.4"), e.getMessage());
  }

  @Test
  void dl4jDeclinesFineTuningWithWhatToDoInstead() {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Engines.DL4J.tune(null,
        Map.of(), List.of(), new TrainOptions(8, 1, 0.01, 0.3, 1, 1, 0, 1e-4, 1, 1, "cpu", 8), Set.of(), null));
    assertTrue(e.getMessage().contains("dl4j") && e.getMessage().contains("training.engine: libtorch")
        && e.getMessage().contains("dec.mode: embeddings_only"), e.getMessage());
  }
}
