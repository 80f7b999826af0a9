package org.cortexclust.evaluation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A test experiment with planted structure: {@code types} ground-truth types with type-dependent ρ_st (type t has
 * mean 0.2 + 0.04·t), t-SNE blobs per type, k-means-like labels that equal the type with 10 % noise at k = types
 * (coarser/finer at other k), k-selection curves peaking at k = types, rotations uniform over n = 8 shifts.
 */
public final class SyntheticExperiment {
  private SyntheticExperiment() {}

  public static ExperimentReport build(int n, int types, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<NeuronRecord> neurons = new ArrayList<>();
    int[] type = new int[n];
    double[][] tsne = new double[n][2];
    String[] mice = {"21067-10-18", "22846-10-16", "23343-5-17"};
    for (int i = 0; i < n; i++) {
      type[i] = rnd.nextInt(types);
      double rho = 0.2 + 0.04 * type[i] + 0.08 * rnd.nextGaussian();
      double angle = 2 * Math.PI * type[i] / types;
      tsne[i][0] = 30 * Math.cos(angle) + 4 * rnd.nextGaussian();
      tsne[i][1] = 30 * Math.sin(angle) + 4 * rnd.nextGaussian();
      neurons.add(new NeuronRecord(i, mice[i % 3], String.valueOf(1000 + i), rnd.nextDouble(), rnd.nextDouble(),
          rho + 0.02 * rnd.nextGaussian(), rho, Math.min(1, rho * 1.9), "type-" + (char) ('A' + type[i]),
          (type[i] * 30 + 10 * rnd.nextGaussian() + 180) % 180, 45.0 * rnd.nextInt(8)));
    }
    Map<String, int[]> labels = new LinkedHashMap<>();
    List<KSelectionRecord> ks = new ArrayList<>();
    for (int k = 2; k <= types + 3; k++) {
      int[] l = new int[n];
      for (int i = 0; i < n; i++) {
        int base = k <= types ? type[i] * k / types : (type[i] + (tsne[i][0] > 30 ? types : 0)) % k;
        l[i] = rnd.nextDouble() < 0.1 ? rnd.nextInt(k) : base;
      }
      labels.put("kmeans_" + k, l);
      double peak = -Math.abs(k - types);
      ks.add(new KSelectionRecord("kmeans", k, "silhouette", 0.35 + 0.05 * peak));
      ks.add(new KSelectionRecord("gmm", k, "silhouette", 0.30 + 0.04 * peak));
      ks.add(new KSelectionRecord("kmeans", k, "stability", 0.8 + 0.06 * peak));
      ks.add(new KSelectionRecord("gmm", k, "bic", 1000 - 40 * peak));
    }
    int[] dec = new int[n];
    for (int i = 0; i < n; i++) {
      dec[i] = rnd.nextDouble() < 0.03 ? rnd.nextInt(types) : type[i];
    }
    labels.put("dec_" + types, dec);
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= 30; e++) {
      history.add(new EpochRecord(e, 0.9 + 0.5 * Math.exp(-e / 6.0), 0.28 * (1 - Math.exp(-e / 5.0)), 0.005, 12));
    }
    List<EpochRecord> decHistory = new ArrayList<>();
    for (int e = 1; e <= 10; e++) {
      decHistory.add(new EpochRecord(e, 1.0 + 0.2 * Math.exp(-e / 3.0), 0.279 - 0.0003 * e, 0.001, 10));
    }
    // pre-DEC aligned embeddings: the planted ring plus noise dimensions; post-DEC: pulled towards the DEC clusters
    int d0 = 6;
    double[][] aligned = new double[n][d0];
    for (int i = 0; i < n; i++) {
      aligned[i][0] = tsne[i][0] / 30;
      aligned[i][1] = tsne[i][1] / 30;
      for (int j = 2; j < d0; j++) {
        aligned[i][j] = 0.3 * rnd.nextGaussian();
      }
    }
    double[][] centre = new double[types][d0];
    int[] count = new int[types];
    for (int i = 0; i < n; i++) {
      count[dec[i]]++;
      for (int j = 0; j < d0; j++) {
        centre[dec[i]][j] += aligned[i][j];
      }
    }
    double[][] moved = new double[n][d0];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d0; j++) {
        moved[i][j] = 0.6 * aligned[i][j] + 0.4 * centre[dec[i]][j] / Math.max(1, count[dec[i]]);
      }
    }
    DecRecord d = new DecRecord(0.1, "kmeans_" + types, "dec_" + types, 0.281, 0.278,
        Map.of("stability", 0.80), Map.of("stability", 0.91), DecRecord.TEST, -0.002, moved);
    Map<String, String> lineage = new LinkedHashMap<>();
    lineage.put("dataset", "data-0123456789abcdef01234567");
    lineage.put("model", "training-89abcdef0123456789abcdef");
    lineage.put("embeddings", "embeddings-fedcba9876543210fedcba98");
    lineage.put("aligned", "alignment-00112233445566778899aabb");
    lineage.put("clustering", "clustering-a1b2c3d4e5f60718293a4b5c");
    lineage.put("dec", "dec-5c4b3a29180706f5e4d3c2b1");
    Map<String, String> config = Map.of("name", "synthetic <test> & \"quotes\"", "seed", String.valueOf(seed),
        "training.readout", "gaussian", "training.gamma", "0.5", "dec.lambda", "0.1");
    return new ExperimentReport("run-synthetic-" + seed, "planted " + types + " types", config, lineage, neurons,
        labels, history, ks, tsne, decHistory, d, Map.of("training", 360.0, "clustering", 42.5, "dec", 120.0), aligned);
  }
}
