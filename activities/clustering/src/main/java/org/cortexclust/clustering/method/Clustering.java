package org.cortexclust.clustering.method;

import java.util.Arrays;
import java.util.Objects;

/**
 * One fitted clustering, whatever the method: the shared immutable result of every {@link Clusterer}. Arrays are
 * copied in and out, so a result cannot change after the fit.
 *
 * <ul>
 *   <li>{@link #labels()}: cluster of each point in [0, k);</li>
 *   <li>{@link #centres()}: k × d centres where the method has them (k-means centroids, GMM means, Ward's cluster
 *       means), else null;</li>
 *   <li>{@link #soft()}: n × k soft assignments where the method has them (GMM responsibilities), else null;</li>
 *   <li>{@link #objective()}: the method's own objective, named by {@link #objectiveName()} (k-means inertia, GMM
 *       BIC, sum of the spectral eigenvalues, Ward's merge cost);</li>
 *   <li>{@link #predict(double[][])}: labels of new points where the method is inductive (k-means, GMM, SEC), else
 *       {@link UnsupportedOperationException} naming the method.</li>
 * </ul>
 */
public final class Clustering {
  /** Labels of new points (rows of the same width as the fitted data). */
  @FunctionalInterface
  public interface Predictor {
    int[] predict(double[][] x);
  }

  private final String method;
  private final int k;
  private final int[] labels;
  private final double[][] centres;
  private final double[][] soft;
  private final double objective;
  private final String objectiveName;
  private final int iterations;
  private final boolean converged;
  private final Predictor predictor;

  /**
   * @param centres    k × d, or null
   * @param soft       n × k, or null
   * @param iterations the method's iteration count (Lloyd/EM iterations, eigensolver restarts)
   * @param predictor  out-of-sample labels, or null for a transductive method
   */
  public Clustering(String method, int k, int[] labels, double[][] centres, double[][] soft, double objective,
      String objectiveName, int iterations, boolean converged, Predictor predictor) {
    this.method = Objects.requireNonNull(method, "method");
    this.k = k;
    this.labels = labels.clone();
    for (int l : this.labels) {
      if (l < 0 || l >= k) throw new IllegalArgumentException(method + ": label " + l + " outside [0, " + k + ")");
    }
    if (centres != null && centres.length != k) {
      throw new IllegalArgumentException(method + ": " + centres.length + " centres for k = " + k);
    }
    if (soft != null && soft.length != labels.length) {
      throw new IllegalArgumentException(method + ": " + soft.length + " soft rows for " + labels.length + " points");
    }
    this.centres = deepCopy(centres);
    this.soft = deepCopy(soft);
    this.objective = objective;
    this.objectiveName = Objects.requireNonNull(objectiveName, "objectiveName");
    this.iterations = iterations;
    this.converged = converged;
    this.predictor = predictor;
  }

  public String method() {
    return method;
  }

  public int k() {
    return k;
  }

  /** Column name in labels.csv: {@code METHOD_K}. */
  public String column() {
    return method + "_" + k;
  }

  public int[] labels() {
    return labels.clone();
  }

  public int size() {
    return labels.length;
  }

  public boolean hasCentres() {
    return centres != null;
  }

  /** k × d centres (a copy), or null. */
  public double[][] centres() {
    return deepCopy(centres);
  }

  public boolean hasSoft() {
    return soft != null;
  }

  /** n × k soft assignments (a copy), or null. */
  public double[][] soft() {
    return deepCopy(soft);
  }

  public double objective() {
    return objective;
  }

  public String objectiveName() {
    return objectiveName;
  }

  public int iterations() {
    return iterations;
  }

  public boolean converged() {
    return converged;
  }

  public boolean canPredict() {
    return predictor != null;
  }

  /** Labels of new points; {@link UnsupportedOperationException} when the method is transductive. */
  public int[] predict(double[][] x) {
    if (predictor == null) {
      throw new UnsupportedOperationException(method + " labels only the points it was fitted on (no out-of-sample predict)");
    }
    return predictor.predict(x);
  }

  private static double[][] deepCopy(double[][] a) {
    if (a == null) return null;
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
    return c;
  }

  @Override
  public String toString() {
    return column() + " (" + objectiveName + " " + objective + ", " + labels.length + " points"
        + (centres != null ? ", centres" : "") + (soft != null ? ", soft" : "") + ")";
  }

  /** Label counts per cluster (a small convenience for tests and logs). */
  public int[] sizes() {
    int[] c = new int[k];
    for (int l : labels) c[l]++;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clustering c && c.method.equals(method) && c.k == k && Arrays.equals(c.labels, labels)
        && Double.compare(c.objective, objective) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, k, Arrays.hashCode(labels), objective);
  }
}
