package org.cortexclust.common.config;

import java.util.HashSet;
import java.util.List;

/**
 * Config section {@code clustering}. Owned by the clustering stage (docs/science.md §7–§10); every key is documented in
 * {@code cortexclust/defaults/clustering.yaml}.
 */
public record ClusteringConfig(
    boolean enabled,
    List<String> methods,
    List<Integer> ks,
    int restarts,
    int maxIterations,
    int stabilityRuns,
    int silhouetteSample,
    int gapReferences,
    String gmmCovariance,
    double gmmRegCovar,
    int graphNeighbours,
    int graphScaleNeighbour,
    String spectralDiscretisation,
    double secMu,
    double secGamma,
    int ldmgiNeighbours,
    double ldmgiLambda,
    String embeddedDiscretisation,
    boolean tsne,
    double tsnePerplexity,
    int tsneEarlyIterations,
    int tsneIterations,
    double tsneTheta)
    implements SectionConfig {

  public ClusteringConfig {
    methods = methods == null ? List.of() : List.copyOf(methods);
    ks = ks == null ? List.of() : List.copyOf(ks);
  }

  @Override
  public void validate(ConfigErrors e, String p) {
    if (!enabled) {
      return;
    }
    // the names themselves are checked against the clustering module's registry (its ConfigCheck)
    e.check(!methods.isEmpty(), p + ".methods", "must name at least one method");
    for (String m : methods) e.check(m != null && m.matches("[a-z][a-z0-9]*"), p + ".methods", "'" + m + "' is not a method name");
    e.check(new HashSet<>(methods).size() == methods.size(), p + ".methods", "lists a method twice: " + methods);
    e.check(!ks.isEmpty(), p + ".ks", "must list at least one k");
    for (int k : ks) e.range(p + ".ks", k, 2, 10_000);
    e.check(new HashSet<>(ks).size() == ks.size(), p + ".ks", "lists a k twice: " + ks);
    e.range(p + ".restarts", restarts, 1, 1000);
    e.range(p + ".max_iterations", maxIterations, 1, 100_000);
    e.range(p + ".stability_runs", stabilityRuns, 0, 100);
    e.range(p + ".silhouette_sample", silhouetteSample, 10, 1_000_000);
    e.range(p + ".gap_references", gapReferences, 0, 100);
    e.oneOf(p + ".gmm_covariance", gmmCovariance, List.of("diag", "full"));
    e.range(p + ".gmm_reg_covar", gmmRegCovar, 0, 1e6);
    e.range(p + ".graph_neighbours", graphNeighbours, 1, 1000);
    e.range(p + ".graph_scale_neighbour", graphScaleNeighbour, 1, 1000);
    e.oneOf(p + ".spectral_discretisation", spectralDiscretisation, List.of("kmeans", "rotation"));
    e.range(p + ".sec_mu", secMu, 0, 1e12);
    e.check(secGamma > 0, p + ".sec_gamma", "must be > 0, got " + secGamma);
    e.range(p + ".ldmgi_neighbours", ldmgiNeighbours, 1, 1000);
    e.check(ldmgiLambda > 0, p + ".ldmgi_lambda", "must be > 0, got " + ldmgiLambda);
    e.oneOf(p + ".embedded_discretisation", embeddedDiscretisation, List.of("kmeans", "rotation"));
    e.check(tsnePerplexity > 1, p + ".tsne_perplexity", "must be > 1, got " + tsnePerplexity);
    e.range(p + ".tsne_early_iterations", tsneEarlyIterations, 0, 100_000);
    e.range(p + ".tsne_iterations", tsneIterations, 0, 100_000);
    e.range(p + ".tsne_theta", tsneTheta, 0, 10);
  }
}
