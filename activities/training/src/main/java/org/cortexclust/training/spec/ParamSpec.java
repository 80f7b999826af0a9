package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

  /**
   * Checks that {@code values} holds every tensor of {@code params} with its number of values, and no other; a tensor
   * of the wrong size fails at once, missing and unexpected names are listed together.
   *
   * @param architectureHash the model's architecture hash, named in the message
   */
  public static void checkFit(List<ParamSpec> params, Map<String, float[]> values, String architectureHash) {
    List<String> missing = new ArrayList<>();
    for (ParamSpec p : params) {
      float[] v = values.get(p.name());
      if (v == null) {
        missing.add(p.name());
      } else if (v.length != p.numel()) {
        throw new IllegalArgumentException("tensor " + p + ": expected " + p.numel() + " values, got " + v.length);
      }
    }
    List<String> unexpected = values.keySet().stream().filter(k -> params.stream()
        .noneMatch(p -> p.name().equals(k))).toList();
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new IllegalArgumentException("parameters do not fit the model spec (architecture "
          + architectureHash.substring(0, 12) + "): missing " + missing + ", unexpected " + unexpected);
    }
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
