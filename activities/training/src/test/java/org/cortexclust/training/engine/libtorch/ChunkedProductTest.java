package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ChunkedProduct#mm}: the product of explicit sums for any row count, plain and transposed operands. */
class ChunkedProductTest {

  @ParameterizedTest
  @CsvSource({"1,false", "7,false", "13,true", "64,true"})
  void equalsExplicitSums(int rows, boolean transposed) {
    TorchRuntime.ensureLoaded();
    int k = 37;
    int cols = 11;
    Tensor a = transposed ? TorchFixtures.randomDouble(1, k, rows).t() : TorchFixtures.randomDouble(1, rows, k);
    Tensor b = TorchFixtures.randomDouble(2, k, cols);
    Tensor out = ChunkedProduct.mm(a, b);
    assertEquals(rows, out.size(0));
    assertEquals(cols, out.size(1));
    assertTrue(out.is_contiguous());
    double[] av = Ops.toDoubles(a);
    double[] bv = Ops.toDoubles(b);
    double[] ov = Ops.toDoubles(out);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double want = 0;
        for (int q = 0; q < k; q++) want += av[i * k + q] * bv[q * cols + j];
        assertEquals(want, ov[i * cols + j], 1e-12, "(" + i + ", " + j + ")");
      }
    }
    // float32, the training dtype: same as one unsplit product
    Tensor af = a.to(TorchFixtures.CPU, ScalarType.Float);
    Tensor bf = b.to(TorchFixtures.CPU, ScalarType.Float);
    double diff = TorchFixtures.maxAbs(ChunkedProduct.mm(af, bf).sub(torch.mm(af, bf)));
    assertTrue(diff <= 1e-5, "float32 differs from torch.mm by " + diff);
  }
}
