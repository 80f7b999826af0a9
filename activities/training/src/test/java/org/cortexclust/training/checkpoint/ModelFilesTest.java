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
