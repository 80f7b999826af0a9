package org.cortexclust.training.spec;

import java.util.Arrays;

/**
 * One named tensor of the model.
 *
 * @param name      dotted name, e.g. {@code core.layer0.coeffs}, {@code readout.m1.features}
 * @param shape     dimensions, C order
 * @param trainable false for buffers (batch-norm running statistics)
 */
public record ParamSpec(String name, long[] shape, boolean trainable) {
  public long numel() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape) && p.trainable == trainable;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (trainable ? "" : " (buffer)");
  }
}
