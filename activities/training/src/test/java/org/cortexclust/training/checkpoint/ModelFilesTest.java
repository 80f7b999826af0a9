package org.cortexclust.training.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir Path dir;

  static ModelSpec spec() {
    return TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 20, ReadoutType.FACTORISED, new Regularisation(0.1, 1, 0),
        new MouseShape("m-1", 5));
  }

  @Test
  void npyHeaderIsNumpyFormat() throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    Npz.writeNpy(bo, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    byte[] b = bo.toByteArray();
    String header = new String(b, 10, (b[8] & 0xff) | (b[9] & 0xff) << 8, "US-ASCII");
    assertEquals(0, (10 + header.length()) % 64, "header padded to 64 bytes");
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    assertEquals(10 + header.length() + 24, b.length);
    Npz.Array a = Npz.readNpy(b, "x");
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.data());
    // 1-D shape is written as (n,)
    bo.reset();
    Npz.writeNpy(bo, new long[] {3}, new float[] {1, 2, 3});
    assertTrue(new String(bo.toByteArray(), "US-ASCII").contains("'shape': (3,)"));
  }

  @Test
  void modelJsonAndParamsRoundTrip() throws Exception {
    ModelSpec spec = spec();
    Map<String, float[]> p = spec.initialise(3, Map.of());
    ModelFiles.writeModelJson(dir.resolve("model.json"), spec, "libtorch", Map.of("best_rho_st_val", 0.5));
    ModelFiles.writeParams(dir.resolve("params.npz"), spec, p);
    ModelSpec back = ModelFiles.readSpec(dir.resolve("model.json"));
    assertEquals(spec, back);
    assertEquals(spec.architectureHash(), back.architectureHash());
    Map<String, float[]> q = ModelFiles.readParams(dir.resolve("params.npz"), back);
    for (var e : p.entrySet()) assertArrayEquals(e.getValue(), q.get(e.getKey()), e.getKey());
  }

  /** A grid-predictor model round-trips with its source buffer; a model.json from before the predictor reads as OFF. */
  @Test
  void gridPredictorModelRoundTripsAndOldModelJsonReadsWithoutIt() throws Exception {
    GridPredictor grid = new GridPredictor(true, 6, 2, 3);
    ModelSpec spec = TestSpecs.rotEqGrid(2, 4, List.of(7, 5), 4, 18, 20, grid, new Regularisation(0.1, 1, 0),
        new MouseShape("m-1", 3));
    float[] coords = {0, 0, 100, 50, 10, 150, -20, 40, 120};
    Map<String, float[]> p = spec.initialise(3, Map.of(), Map.of("m-1", coords));
    ModelFiles.writeModelJson(dir.resolve("model.json"), spec, "libtorch", Map.of());
    ModelFiles.writeParams(dir.resolve("params.npz"), spec, p);
    ModelSpec back = ModelFiles.readSpec(dir.resolve("model.json"));
    assertEquals(grid, back.gridPredictor());
    assertEquals(spec.architectureHash(), back.architectureHash());
    Map<String, float[]> q = ModelFiles.readParams(dir.resolve("params.npz"), back);
    assertArrayEquals(p.get("readout.m-1.grid.source"), q.get("readout.m-1.grid.source"));
    assertArrayEquals(p.get("readout.m-1.grid.layer2.weight"), q.get("readout.m-1.grid.layer2.weight"));

    ModelSpec plain = spec();
    ModelFiles.writeModelJson(dir.resolve("old.json"), plain, "libtorch", Map.of());
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(dir.resolve("old.json").toFile());
    var specNode = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("spec");
    List<String> gridKeys = new java.util.ArrayList<>();
    specNode.fieldNames().forEachRemaining(k -> {
      if (k.toLowerCase(java.util.Locale.ROOT).startsWith("grid")) gridKeys.add(k);
    });
    assertEquals(1, gridKeys.size(), "the spec names its grid predictor: " + specNode);
    specNode.remove(gridKeys);
    mapper.writeValue(dir.resolve("old.json").toFile(), root);
    ModelSpec old = ModelFiles.readSpec(dir.resolve("old.json"));
    assertEquals(GridPredictor.OFF, old.gridPredictor());
    assertEquals(plain, old);
  }

  @Test
  void paramsOfAnotherModelNameMissingAndUnexpectedTensors() throws Exception {
    ModelSpec spec = spec();
    Map<String, float[]> p = new HashMap<>(spec.initialise(3, Map.of()));
    ModelFiles.writeParams(dir.resolve("params.npz"), spec, p);
    ModelSpec other = TestSpecs.rotEq(2, 4, List.of(7, 5), 4, 18, 20, ReadoutType.FACTORISED,
        new Regularisation(0.1, 1, 0), new MouseShape("m-2", 5));
    var ex = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.readParams(dir.resolve("params.npz"), other));
    assertTrue(ex.getMessage().contains("missing [readout.m-2.mask"), ex.getMessage());
    assertTrue(ex.getMessage().contains("unexpected [readout.m-1.mask"), ex.getMessage());
  }

  @Test
  void initialisationIsDeterministicInTheSeed() {
    ModelSpec spec = spec();
    assertArrayEquals(spec.initialise(5, Map.of()).get("core.layer0.coeffs"),
        spec.initialise(5, Map.of()).get("core.layer0.coeffs"));
    assertTrue(java.util.Arrays.mismatch(spec.initialise(5, Map.of()).get("core.layer0.coeffs"),
        spec.initialise(6, Map.of()).get("core.layer0.coeffs")) >= 0);
  }
}
