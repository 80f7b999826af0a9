package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.embedding.Embeddings;
import org.cortexclust.training.embedding.NeuronEmbedding;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;

/** The Gaussian readout's grid predictor: locations from cortical coordinates, in the engine and in embeddings. */
class GridPredictorTest {
  static final GridPredictor GRID = new GridPredictor(true, 8, 1, 2);
  static final Regularisation REG = new Regularisation(0.1, 1, 0);

  static ModelSpec spec(String mouse, int neurons, GridPredictor grid) {
    return TestSpecs.rotEqGrid(2, 4, List.of(5, 3), 4, 16, 16, grid, REG, new MouseShape(mouse, neurons));
  }

  @Test
  void locationsAreADeterministicFunctionOfTheCoordinates() {
    // neurons 0 and 3 share (x, y) but not depth z, which a 2-D predictor ignores; neuron 1 sits elsewhere
    float[] coords = {100, -50, 200, 300, 20, 250, -80, 40, 190, 100, -50, 330, 0, 0, 210};
    ModelSpec spec = spec("m", 5, GRID);
    Map<String, float[]> params = spec.initialise(9, Map.of(), Map.of("m", coords));
    // source = (c − mean) / max|c − mean| over x and y: mean (84, −8), largest deviation 216 (neuron 1, x)
    float[] src = params.get("readout.m.grid.source");
    assertEquals((100 - 84) / 216.0, src[0], 1e-6);
    assertEquals((-50 + 8) / 216.0, src[1], 1e-6);
    assertEquals(1.0, src[2], 1e-6);
    TorchModel model = new TorchModel(spec, params, ScalarType.Double, TorchFixtures.CPU);
    double[] loc;
    try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      loc = Ops.toDoubles(TorchGaussianReadout.predictedLocations(model, "m"));
    }
    assertEquals(loc[0], loc[6]);
    assertEquals(loc[1], loc[7]);
    assertNotEquals(loc[0], loc[2]);
    double[][] ref = spec.gridPredictor().locations(params, "m", 5);
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 2; k++) {
        assertEquals(ref[i][k], loc[2 * i + k], 1e-12, "neuron " + i + " axis " + k);
        assertTrue(Math.abs(loc[2 * i + k]) < 1, "tanh output lies in (-1, 1)");
      }
    }
    // same seed and coordinates: the same predictor; and the architecture differs from free locations
    assertArrayEquals(params.get("readout.m.grid.layer0.weight"),
        spec.initialise(9, Map.of(), Map.of("m", coords)).get("readout.m.grid.layer0.weight"));
    assertNotEquals(spec.architectureHash(), spec("m", 5, GridPredictor.OFF).architectureHash());
    assertNotEquals(spec.architectureHash(), spec("m", 5, new GridPredictor(true, 8, 1, 3)).architectureHash());
  }

  @Test
  void embeddingLocationsAreThePredictedLocations() {
    MouseData m = PlantedMouse.generate("g", 120, 8, 16, 16, 4, 3, 0.5, 3).data();
    ModelSpec spec = spec("g", 8, GRID);
    Map<String, float[]> params = spec.initialise(1, Map.of(), Map.of("g", m.cellCoordinates()));
    Embeddings e = Embeddings.extract(spec, params, List.of(m), 64, "cpu", Progress.NONE);
    TorchModel model = new TorchModel(spec, params, ScalarType.Float, TorchFixtures.CPU);
    double[] loc;
    try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      loc = Ops.toDoubles(TorchGaussianReadout.predictedLocations(model, "g"));
    }
    for (NeuronEmbedding n : e.neurons()) {
      assertEquals(loc[2 * n.index()], n.readoutX(), 1e-5, "x of neuron " + n.index());
      assertEquals(loc[2 * n.index() + 1], n.readoutY(), 1e-5, "y of neuron " + n.index());
    }
  }

  @Test
  void badSetupsAreRefusedWithTheReason() {
    var factorised = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(CoreType.ROTATION_EQUIVARIANT,
        2, 4, List.of(5, 3), false, 2, 4, 16, 16, 0.1, ReadoutType.FACTORISED, 0.3, 0.1, 0.1,
        List.of(new MouseShape("m", 3)), REG, GRID));
    assertTrue(factorised.getMessage().contains("grid predictor places Gaussian readouts"), factorised.getMessage());
    var hidden = assertThrows(IllegalArgumentException.class, () -> new GridPredictor(true, 0, 1, 4));
    assertTrue(hidden.getMessage().contains("hidden must be >= 1, got 0"), hidden.getMessage());
    assertTrue(hidden.getMessage().contains("input_dimensions must be 2 (x, y) or 3 (x, y, z), got 4"));

    MouseData with = PlantedMouse.generate("g", 120, 8, 16, 16, 4, 3, 0.5, 3).data();
    MouseData without = new MouseData("g", with.trials(), with.neurons(), with.channels(), with.height(),
        with.width(), with.images(), with.responses(), with.tiers(), with.imageIds(), with.unitIds());
    TrainOptions o = new TrainOptions(32, 1, 0.01, 0.3, 1, 1, 1e-6, 1e-4, 1, 1, "cpu", 64);
    var none = assertThrows(IllegalArgumentException.class,
        () -> LibTorchTrainer.fit(spec("g", 8, GRID), List.of(without), o, Progress.NONE, null, null));
    assertTrue(none.getMessage().contains("mouse g: training.readout.grid_predictor needs each neuron's cortical "
        + "coordinates (meta/neurons/cell_motor_coordinates, 8 x 3), but the data has none"), none.getMessage());

    float[] flat = new float[8 * 3];
    java.util.Arrays.fill(flat, 7f);
    var same = assertThrows(IllegalArgumentException.class, () -> GRID.sourceGrid("g", flat, 8));
    assertTrue(same.getMessage().contains("all 8 neurons have the same first 2 coordinates"), same.getMessage());
    float[] nan = with.cellCoordinates().clone();
    nan[3 * 2 + 1] = Float.NaN;
    var notFinite = assertThrows(IllegalArgumentException.class, () -> GRID.sourceGrid("g", nan, 8));
    assertTrue(notFinite.getMessage().contains("neuron 2 has coordinate 1 = NaN"), notFinite.getMessage());
  }
}
