package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data none of us made: scikit-learn's handwritten digits (1,797 × 64, 10 labels; exported once by
 * bench/byo/digits.py), through `cortexclust cluster` at k = 10. Every method is scored against the labels, and
 * ours must be at least as good as scikit-learn on the same matrix for the methods both have (scikit-learn 1.2.1,
 * mean ARI of 3 seeds, bench/byo/digits.py sklearn: KMeans 0.668, GaussianMixture(diag) 0.502,
 * SpectralClustering(kNN 15) 0.756).
 */
class DigitsTest {
  static final Map<String, Double> SKLEARN = Map.of("kmeans", 0.668, "gmm", 0.502, "spectral", 0.756);
  @TempDir Path dir;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  @Test
  void everyMethodScoredAgainstTheLabelsAndAtLeastAsGoodAsScikitLearn() throws Exception {
    Path npy = dir.resolve("digits.npy");
    Path meta = dir.resolve("digits-meta.csv");
    Files.copy(DigitsTest.class.getResourceAsStream("/digits/digits.npy"), npy);
    Files.copy(DigitsTest.class.getResourceAsStream("/digits/digits-meta.csv"), meta);
    JsonNode r = new ObjectMapper().readTree(ClusterCommandTest.run("cluster", npy.toString(), "--meta", meta.toString(), "--k", "10",
        "--seed", "1", "--set", "clustering.tsne=false", "--set", "clustering.stability_runs=0", "--set", "clustering.gap_references=0",
        "--home", dir.resolve("home").toString(), "--json"));
    JsonNode m = null;
    for (JsonNode s : r.get("stages")) {
      if (s.get("stage").asText().equals("clustering")) {
        m = s.get("metrics");
      }
    }
    StringBuilder table = new StringBuilder();
    for (String method : new String[] {"kmeans", "gmm", "spectral", "sec", "ldmgi"}) {
      double ari = m.get(method + "_ari_gt").asDouble();
      table.append(String.format("%s ARI %.3f (scikit-learn %s)%n", method, ari, SKLEARN.getOrDefault(method, Double.NaN)));
      assertTrue(ari > 0.3, method + " finds digit structure: " + ari);
    }
    System.out.print(table);
    for (var e : SKLEARN.entrySet()) {
      double ours = m.get(e.getKey() + "_ari_gt").asDouble();
      assertTrue(ours >= e.getValue() - 0.01, e.getKey() + ": ours " + ours + " vs scikit-learn " + e.getValue() + "\n" + table);
    }
  }
}
