package org.cortexclust.training.spec;

import java.util.List;
import java.util.SplittableRandom;

/**
 * An ordinary stacked convolutional core (n = 1), for comparison with the rotation-equivariant one. Tensor:
 * {@code core.layer<l>.weight} (F, C_in, k, k). Engines extend this class with the kernels and the core regulariser.
 */
public class PlainCore implements CoreKind {
  @Override
  public CoreType type() {
    return CoreType.PLAIN;
  }

  /** One orientation, whatever is configured. */
  @Override
  public int rotations(int configured) {
    return 1;
  }

  @Override
  public List<ParamSpec> kernels(ModelSpec spec, int l) {
    int k = spec.kernelSizes().get(l);
    return List.of(new ParamSpec("core.layer" + l + ".weight", new long[] {spec.features(), spec.layerInputChannels(l),
        k, k}, true));
  }

  /** Truncated N(0, 1/fan-in). */
  @Override
  public void initialiseKernel(ModelSpec spec, ParamSpec p, float[] v, SplittableRandom rnd) {
    ModelSpec.fillTruncatedNormal(v, 1 / Math.sqrt(p.shape()[1] * p.shape()[2] * p.shape()[3]), rnd);
  }

  /** (F, C_in, k_t, k, k). */
  @Override
  public ParamSpec fullKernel3d(ParamSpec kernel, int kt) {
    long[] s = kernel.shape();
    return new ParamSpec(kernel.name(), new long[] {s[0], s[1], kt, s[2], s[3]}, true);
  }

  /** 1/√fan-in. */
  @Override
  public double fullKernel3dStd(ParamSpec kernel3d) {
    long[] s = kernel3d.shape();
    return 1 / Math.sqrt((double) s[1] * s[2] * s[3] * s[4]);
  }
}
