package org.cortexclust.clustering.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THE list of clustering methods: the names {@code clustering.methods} and {@code cortexclust cluster --methods}
 * accept, in the order the suite reports them. A new method is one class and one line in {@link #BUILT_IN}; a test
 * may run extra methods through the suite with {@link #with}.
 */
public final class ClusteringMethods {
  private static final List<ClusteringMethod<?>> BUILT_IN = List.of(
      new KMeansMethod(),
      new GaussianMixtureMethod(),
      new SpectralMethod(),
      new SecMethod(),
      new LdmgiMethod(),
      new WardMethod());

  private static final ClusteringMethods DEFAULT = new ClusteringMethods(BUILT_IN);

  private final Map<String, ClusteringMethod<?>> byName;

  private ClusteringMethods(List<ClusteringMethod<?>> methods) {
    Map<String, ClusteringMethod<?>> m = new LinkedHashMap<>();
    for (ClusteringMethod<?> c : methods) {
      if (!c.name().matches("[a-z][a-z0-9]*")) {
        throw new IllegalArgumentException("method name '" + c.name() + "' must be lower-case letters and digits (it names METHOD_K columns)");
      }
      if (m.put(c.name(), c) != null) throw new IllegalArgumentException("method '" + c.name() + "' registered twice");
    }
    byName = Collections.unmodifiableMap(m);
  }

  /** The methods shipped with cortexclust. */
  public static ClusteringMethods builtIn() {
    return DEFAULT;
  }

  /** This registry plus {@code extra} (a new instance; this one is unchanged). */
  public ClusteringMethods with(ClusteringMethod<?> extra) {
    List<ClusteringMethod<?>> all = new ArrayList<>(byName.values());
    all.add(extra);
    return new ClusteringMethods(all);
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** The method called {@code name}; an error listing the known names otherwise. */
  public ClusteringMethod<?> get(String name) {
    ClusteringMethod<?> m = byName.get(name);
    if (m == null) throw new IllegalArgumentException("unknown clustering method '" + name + "'; known: " + names());
    return m;
  }
}
