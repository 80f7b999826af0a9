package org.cortexclust.clustering.linalg;

/** A symmetric n × n matrix known only through products {@code y = A x} (matrix-free). */
public interface LinearOperator {
  int size();

  /** y ← A x ({@code y} is overwritten; x and y never alias). */
  void apply(double[] x, double[] y);
}
