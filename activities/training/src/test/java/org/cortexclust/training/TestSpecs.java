package org.cortexclust.training;

import java.util.List;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.GridPredictor;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;

/** Small model specs for tests. */
public final class TestSpecs {
  private TestSpecs() {}

  public static ModelSpec rotEq(int f, int n, List<Integer> kernels, int channels, int h, int w, ReadoutType readout,
      Regularisation reg, MouseShape... mice) {
    return new ModelSpec(CoreType.ROTATION_EQUIVARIANT, f, n, kernels, false, 2, channels, h, w, 0.1, readout, 0.3,
        0.1, 0.1, List.of(mice), reg);
  }

  /** {@link #rotEq} with a Gaussian readout whose locations come from a grid predictor. */
  public static ModelSpec rotEqGrid(int f, int n, List<Integer> kernels, int channels, int h, int w,
      GridPredictor grid, Regularisation reg, MouseShape... mice) {
    return new ModelSpec(CoreType.ROTATION_EQUIVARIANT, f, n, kernels, false, 2, channels, h, w, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1, List.of(mice), reg, grid);
  }

  public static ModelSpec plain(int f, List<Integer> kernels, int channels, int h, int w, ReadoutType readout,
      Regularisation reg, MouseShape... mice) {
    return new ModelSpec(CoreType.PLAIN, f, 1, kernels, false, 2, channels, h, w, 0.1, readout, 0.3, 0.1, 0.1,
        List.of(mice), reg);
  }
}
