package org.cortexclust.evaluation.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.evaluation.io.CsvTable;
import org.cortexclust.evaluation.report.ExperimentReport;
import org.cortexclust.evaluation.report.ExperimentSummary;
import org.cortexclust.evaluation.stats.Bootstrap;

/**
 * Consistency of clusterings across model-training seeds (docs/science.md §10; Turishcheva et al. 2024; DECEMber §4):
 * runs whose configs differ only in seed keys, on the same dataset artifact, form a group; for each clustering
 * result present in several of them, the mean pairwise ARI of their labels on the shared preview neurons.
 */
public final class CrossSeedStability {
  /**
   * @param group     the group's distinguishing config values (varied non-seed keys), e.g. "training.gamma=0.5"
   * @param column    METHOD_K result
   * @param runs      runs in the group that have this result
   * @param pairs     run pairs compared
   * @param meanAri   mean pairwise ARI
   * @param sdAri     sample sd of the pairwise ARIs (0 with one pair)
   * @param neurons   shared neurons compared per pair (the preview)
   * @param runIds    the runs compared, in order
   * @param pairAri   ARI of each compared pair, keyed {@code runA|runB} (runA before runB in {@code runIds})
   */
  public record Row(String group, String column, String method, int k, int runs, int pairs, double meanAri,
      double sdAri, int neurons, List<String> runIds, Map<String, Double> pairAri) {}

  /**
   * Consistency of {@code a} minus that of {@code b} (e.g. DEC minus GMM at the same K in one configuration), with a
   * bootstrap over seeds: each resample draws the runs (seeds) with replacement and averages the paired difference
   * over the pairs of distinct drawn runs that both rows compared. Missing interval with fewer than 3 shared runs.
   */
  public static Bootstrap.Interval difference(Row a, Row b, double level, long seed) {
    List<String> runs = a.runIds().stream().filter(b.runIds()::contains).toList();
    java.util.function.ToDoubleFunction<int[]> stat = idx -> {
      double sum = 0;
      int m = 0;
      for (int i = 0; i < idx.length; i++) {
        for (int j = i + 1; j < idx.length; j++) {
          int p = Math.min(idx[i], idx[j]);
          int q = Math.max(idx[i], idx[j]);
          if (p == q) {
            continue;
          }
          String key = runs.get(p) + "|" + runs.get(q);
          Double x = a.pairAri().get(key);
          Double y = b.pairAri().get(key);
          if (x != null && y != null) {
            sum += x - y;
            m++;
          }
        }
      }
      return m == 0 ? Double.NaN : sum / m;
    };
    Bootstrap.Interval i = Bootstrap.statistic(runs.size(), stat, level, seed, "seeds");
    return runs.size() < 3 ? new Bootstrap.Interval(i.estimate(), Double.NaN, Double.NaN, runs.size(), level, "seeds") : i;
  }

  private CrossSeedStability() {}

  /** Keys that only choose random streams: {@code seed} and {@code *.seed}/{@code *_seed}, except data keys. */
  public static boolean isSeedKey(String key) {
    if (key.startsWith("data.")) {
      return false; // a data seed changes the neurons themselves
    }
    return key.equals("seed") || key.endsWith(".seed") || key.endsWith("_seed");
  }

  public static List<Row> compute(List<ExperimentSummary> s) {
    List<String> varied = SweepTable.variedKeys(s).stream().filter(k -> !isSeedKey(k)).toList();
    Map<String, List<ExperimentSummary>> groups = new TreeMap<>();
    Map<String, String> label = new LinkedHashMap<>();
    for (ExperimentSummary x : s) {
      if (x.preview() == null) {
        continue;
      }
      TreeMap<String, String> key = new TreeMap<>(x.config());
      key.keySet().removeIf(k -> isSeedKey(k) || k.equals("name"));
      String g = key + "|" + x.lineage().getOrDefault("dataset", "") + "|" + x.neurons();
      groups.computeIfAbsent(g, y -> new ArrayList<>()).add(x);
      List<String> parts = new ArrayList<>();
      varied.forEach(k -> parts.add(SweepReport.shortKey(k) + "=" + x.config().getOrDefault(k, "")));
      label.putIfAbsent(g, parts.isEmpty() ? "all runs" : String.join(", ", parts));
    }
    List<Row> out = new ArrayList<>();
    for (var e : groups.entrySet()) {
      List<ExperimentSummary> runs = new ArrayList<>(e.getValue());
      runs.sort(java.util.Comparator.comparing(ExperimentSummary::runId));
      if (runs.size() < 2) {
        continue;
      }
      TreeSet<String> columns = new TreeSet<>();
      runs.forEach(r -> columns.addAll(r.preview().labels().keySet()));
      for (String c : columns) {
        List<ExperimentSummary> with = runs.stream().filter(r -> r.preview().labels().containsKey(c)).toList();
        List<Double> aris = new ArrayList<>();
        Map<String, Double> pairAri = new LinkedHashMap<>();
        int shared = 0;
        for (int a = 0; a < with.size(); a++) {
          for (int b = a + 1; b < with.size(); b++) {
            ExperimentSummary.Preview pa = with.get(a).preview();
            ExperimentSummary.Preview pb = with.get(b).preview();
            if (!Arrays.equals(pa.index(), pb.index())) {
              continue; // previews of different neurons cannot be compared
            }
            int[] la = pa.labels().get(c);
            int[] lb = pb.labels().get(c);
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < la.length; i++) {
              if (la[i] >= 0 && lb[i] >= 0) {
                keep.add(i);
              }
            }
            if (keep.size() < 2) {
              continue;
            }
            shared = keep.size();
            double ari = ClusterMetrics.adjustedRandIndex(keep.stream().mapToInt(i -> la[i]).toArray(),
                keep.stream().mapToInt(i -> lb[i]).toArray());
            aris.add(ari);
            pairAri.put(with.get(a).runId() + "|" + with.get(b).runId(), ari);
          }
        }
        if (aris.isEmpty()) {
          continue;
        }
        double mean = aris.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = aris.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = aris.size() > 1 ? Math.sqrt(ss / (aris.size() - 1)) : 0;
        out.add(new Row(label.get(e.getKey()), c, ExperimentReport.methodOf(c), ExperimentReport.kOf(c), with.size(),
            aris.size(), mean, sd, shared, with.stream().map(ExperimentSummary::runId).toList(), pairAri));
      }
    }
    return out;
  }

  public static void write(Path file, List<Row> rows) throws IOException {
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows) {
      cells.add(List.of(r.group(), r.column(), r.method(), String.valueOf(r.k()), String.valueOf(r.runs()),
          String.valueOf(r.pairs()), CsvTable.cell(r.meanAri()), CsvTable.cell(r.sdAri()), String.valueOf(r.neurons())));
    }
    CsvTable.write(file, List.of("group", "column", "method", "k", "runs", "pairs", "mean_ari", "sd_ari", "neurons"),
        cells);
  }
}
