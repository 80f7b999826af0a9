package org.cortexclust.clustering.linalg;

/** A symmetric n × n matrix known only through products {@code y = A x} (matrix-free). */
public interface LinearOperator {
  int size();

  /** y ← A x ({@code y} is overwritten; x and y never alias). */
  void apply(double[] x, double[] y);

  /** y[j] ← A x[j] for a block of vectors; override when a blocked product is cheaper. */
  default void applyBlock(double[][] x, double[][] y) {
    for (int j = 0; j < x.length; j++) apply(x[j], y[j]);
  }
}
