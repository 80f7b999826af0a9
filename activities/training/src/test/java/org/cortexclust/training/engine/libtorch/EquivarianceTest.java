package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.cortexclust.training.TestSpecs;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/science.md §2.3 / Appendix A.3: rotating the input by 90° rotates every core output map by 90° and cyclically
 * shifts the rotation blocks by n/4, exactly (float64 tolerance), for both batch-statistics and running-statistics
 * batch norm.
 */
class EquivarianceTest {

  @ParameterizedTest
  @CsvSource({"4,true", "4,false", "8,true", "8,false"})
  void quarterTurnOfInputRotatesMapsAndShiftsRotations(int n, boolean training) {
    int f = 3;
    ModelSpec spec = TestSpecs.rotEq(f, n, List.of(5, 3, 3), 2, 15, 15, ReadoutType.GAUSSIAN,
        new Regularisation(0, 0, 0), new MouseShape("m", 4));
    TorchModel model = TorchFixtures.doubleModel(spec, 11);
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor x = TorchFixtures.randomDouble(5, 2, 2, 15, 15);
      Tensor out = model.core(x, training);
      Tensor outRot = model.core(torch.rot90(x, 1, 2, 3), training);
      long h = out.size(2);
      // rot90 of every map, then roll the rotation axis by one quarter of the rotations
      Tensor expected = torch.rot90(out, 1, 2, 3).reshape(2, n, f, h, h).roll(new long[] {n / 4}, 1)
          .reshape(2, (long) n * f, h, h);
      double scale = TorchFixtures.maxAbs(out);
      double err = TorchFixtures.maxAbs(outRot.sub(expected));
      assertTrue(scale > 0.1, "non-trivial output");
      assertTrue(err < 1e-10 * scale, "equivariance error " + err + " (scale " + scale + ")");
      // without the roll the maps do not match: the test can fail
      Tensor noRoll = torch.rot90(out, 1, 2, 3);
      assertTrue(TorchFixtures.maxAbs(outRot.sub(noRoll)) > 1e-3 * scale);
      assertEquals(n * f, out.size(1));
    }
  }
}
