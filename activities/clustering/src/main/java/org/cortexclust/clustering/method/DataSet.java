package org.cortexclust.clustering.method;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The points every method of one suite run clusters, the run's seed (for choices that do not depend on k, such as
 * the eigensolver start of a k-selection spectrum), and precomputations that several methods share (the k-NN
 * graph of spectral clustering and SEC), each built once on first use.
 */
public final class DataSet {
  private final double[][] x;
  private final long seed;
  private final Map<String, Object> shared = new HashMap<>();

  public DataSet(double[][] x, long seed) {
    if (x.length == 0) throw new IllegalArgumentException("no points to cluster");
    this.x = x;
    this.seed = seed;
  }

  /** The points (shared, not copied: methods must not write to them). */
  public double[][] x() {
    return x;
  }

  public int size() {
    return x.length;
  }

  public long seed() {
    return seed;
  }

  /** A value built once per data set under {@code key} and shared by every method that asks for the same key. */
  @SuppressWarnings("unchecked")
  public synchronized <T> T shared(String key, Supplier<T> build) {
    Object v = shared.get(key);
    if (v == null) {
      v = build.get();
      shared.put(key, v);
    }
    return (T) v;
  }
}
