package org.cortexclust.training.spec;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The rotation-equivariant core (Ecker et al. 2019, docs/science.md §2): each layer learns F filters as Hermite
 * coefficients and applies every filter at n orientations; hidden layers roll their input rotation groups (§2.3).
 * Tensor: {@code core.layer<l>.coeffs} (nb, C_in, F), nb = k(k+1)/2 basis functions. Engines extend this class with the
 * rotated kernels and the core regulariser.
 */
public class RotationEquivariantCore implements CoreKind {
  @Override
  public CoreType type() {
    return CoreType.ROTATION_EQUIVARIANT;
  }

  @Override
  public List<ParamSpec> kernels(ModelSpec spec, int l) {
    return List.of(new ParamSpec("core.layer" + l + ".coeffs", new long[] {basisCount(spec, l),
        spec.layerInputChannels(l), spec.features()}, true));
  }

  /** Ecker 2019: truncated N(0, 0.1²). */
  @Override
  public void initialiseKernel(ModelSpec spec, ParamSpec p, float[] v, SplittableRandom rnd) {
    ModelSpec.fillTruncatedNormal(v, 0.1, rnd);
  }

  /** (nb, C_in, F, k_t): every time slice is one more feature of the rotation. */
  @Override
  public ParamSpec fullKernel3d(ParamSpec kernel, int kt) {
    long[] s = kernel.shape();
    return new ParamSpec(kernel.name(), new long[] {s[0], s[1], s[2], kt}, true);
  }

  /** 0.1/√k_t: the static start spread over the time slices. */
  @Override
  public double fullKernel3dStd(ParamSpec kernel3d) {
    return 0.1 / Math.sqrt(kernel3d.shape()[3]);
  }

  /** Number of Hermite basis functions of layer l, k(k+1)/2. */
  public int basisCount(ModelSpec spec, int l) {
    int k = spec.kernelSizes().get(l);
    return k * (k + 1) / 2;
  }

  /**
   * The rotation roll of hidden layer l ≥ 1 (docs/science.md §2.3): for rotation r and input channel j of the kernel of
   * rotation r, the channel of the unrotated kernel it takes, (j − r·F) mod C_in, at index r·C_in + j.
   */
  public int[] rolledInputChannels(ModelSpec spec, int l) {
    int cin = spec.layerInputChannels(l);
    int n = spec.rotations();
    int[] src = new int[n * cin];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < cin; j++) {
        src[r * cin + j] = Math.floorMod(j - r * spec.features(), cin);
      }
    }
    return src;
  }
}
