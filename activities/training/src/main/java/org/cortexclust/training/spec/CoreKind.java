package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one core type is, independent of any engine: its kernel tensors (named {@code core.layer<l>.…}), their initial
 * values, its number of orientations n, and so its channel layout. Every layer of every core is conv → batch norm over
 * the F features shared across the n orientations → ELU (docs/science.md §2.5); a core type decides how the layer's
 * convolution kernels are made from its tensors. Each engine adds the kernels and the core regulariser in its own core
 * class (which extends this type's class); registering that class in the engine's registry registers the type here too
 * ({@link CoreKinds}).
 *
 * <p>Channel layout of a layer's output and so of the embedding: C = F·n channels, index {@code r·F + f}
 * (rotation-major, docs/science.md §2.1); a neuron's embedding is its readout's weights over them, (F, n).
 */
public interface CoreKind extends Kind<CoreType> {
  /** The core's n for {@code configured} orientations ({@code training.core.rotations}). */
  default int rotations(int configured) {
    return configured;
  }

  /** The kernel tensors of layer {@code l}, in the order they take in model files (its batch norm follows them). */
  List<ParamSpec> kernels(ModelSpec spec, int l);

  /**
   * Initial values of kernel tensor {@code p} (one of {@link #kernels}).
   *
   * @param v   zeros of the tensor's size, to fill
   * @param rnd this tensor's own stream (seeded by the model seed and the tensor's name)
   */
  void initialiseKernel(ModelSpec spec, ParamSpec p, float[] v, SplittableRandom rnd);

  /**
   * The dynamic model's full-3D form of kernel tensor {@code kernel}: the same tensor with a time axis of {@code kt}
   * more (docs/dynamic.md §1.1). A core without one fails here; the factorised space-time core takes every core.
   */
  default ParamSpec fullKernel3d(ParamSpec kernel, int kt) {
    throw noFullKernel3d();
  }

  /** Standard deviation of the truncated normal a full-3D kernel {@code kernel3d} starts from. */
  default double fullKernel3dStd(ParamSpec kernel3d) {
    throw noFullKernel3d();
  }

  /** The failure of a core without full-3D kernels. */
  default UnsupportedOperationException noFullKernel3d() {
    return new UnsupportedOperationException("the " + type().id() + " core has no full-3D video kernels; "
        + "training.video.space_time: factorised works with every core");
  }

  /** Every tensor of the core in model-file order: per layer its kernels, then its batch norm. */
  default List<ParamSpec> parameters(ModelSpec spec) {
    List<ParamSpec> ps = new ArrayList<>();
    int f = spec.features();
    for (int l = 0; l < spec.layers(); l++) {
      ps.addAll(kernels(spec, l));
      String p = "core.layer" + l;
      if (spec.affineBatchNorm(l)) {
        ps.add(new ParamSpec(p + ".bn.weight", new long[] {f}, true));
        ps.add(new ParamSpec(p + ".bn.bias", new long[] {f}, true));
      }
      ps.add(new ParamSpec(p + ".bn.running_mean", new long[] {f}, false));
      ps.add(new ParamSpec(p + ".bn.running_var", new long[] {f}, false));
    }
    return ps;
  }

  /** Initial values of core tensor {@code p} (one of {@link #parameters}): batch-norm scale and variance 1, bias and mean 0. */
  default float[] initialise(ModelSpec spec, ParamSpec p, SplittableRandom rnd) {
    float[] v = new float[Math.toIntExact(p.numel())];
    String n = p.name();
    if (n.endsWith(".bn.weight") || n.endsWith(".running_var")) {
      Arrays.fill(v, 1f);
    } else if (!n.contains(".bn.")) {
      initialiseKernel(spec, p, v, rnd);
    }
    return v;
  }

  /** C = F·n channels of the core's output (and of a neuron's embedding). */
  default int channels(ModelSpec spec) {
    return spec.features() * spec.rotations();
  }
}
