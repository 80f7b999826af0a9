package org.cortexclust.evaluation.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cortexclust.evaluation.report.ExperimentFindings.BestK;
import org.cortexclust.evaluation.report.ExperimentFindings.ClusterPerformance;
import org.cortexclust.evaluation.report.ExperimentFindings.DecFindings;
import org.cortexclust.evaluation.report.ExperimentFindings.GroundTruthAgreement;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.evaluation.report.ExperimentFindings.OrientationFindings;
import org.cortexclust.evaluation.report.ExperimentFindings.SpaceComparison;
import org.cortexclust.evaluation.stats.Bootstrap;
import org.cortexclust.evaluation.stats.Silhouettes;
import org.cortexclust.evaluation.stats.StructureIndex;
import org.cortexclust.evaluation.stats.ChiSquareIndependence;
import org.cortexclust.evaluation.stats.CircularStats;
import org.cortexclust.evaluation.stats.KruskalWallis;
import org.cortexclust.evaluation.stats.MutualInformation;
import org.cortexclust.evaluation.stats.Summary;

/** Computes the research answers of one experiment from its {@link ExperimentReport}. */
public final class ExperimentAnalysis {
  private ExperimentAnalysis() {}

  public static ExperimentFindings analyze(ExperimentReport r, ReportOptions o) {
    return analyze(r, o, AgreementScorer.NONE);
  }

  public static ExperimentFindings analyze(ExperimentReport r, ReportOptions o, AgreementScorer scorer) {
    String metric = o.performanceMetric();
    String note = "";
    if (!anyFinite(r.performance(metric))) {
      for (String m : ReportOptions.METRICS) {
        if (anyFinite(r.performance(m))) {
          note = metric + " is missing for every neuron; using " + m;
          metric = m;
          break;
        }
      }
    }
    double[] perf = r.performance(metric);
    Map<String, Summary> perMouse = new LinkedHashMap<>();
    for (String mouse : r.mice()) {
      double[] v = new double[r.neurons().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.neurons().get(i).mouse().equals(mouse) ? perf[i] : Double.NaN;
      }
      perMouse.put(mouse, Summary.of(v));
    }
    long zeros = Arrays.stream(perf).filter(v -> v == 0.0).count();
    long finite = Arrays.stream(perf).filter(Double::isFinite).count();

    List<ClusterPerformance> clusters = new ArrayList<>();
    int col = 0;
    for (var e : r.labels().entrySet()) {
      clusters.add(clusterPerformance(e.getKey(), e.getValue(), perf, mouseCodes(r), o, o.seed() + 7919L * col++));
    }
    List<BestK> allBest = bestK(r.kSelection());
    List<BestK> bestK = allBest.stream().filter(b -> !HtmlReport.isTruthMetric(b.metric())).toList();
    List<BestK> truthBestK = allBest.stream().filter(b -> HtmlReport.isTruthMetric(b.metric())).toList();
    String primary = choosePrimary(r, o, bestK);
    DecFindings dec = r.dec() == null ? null : dec(r, o.seed());
    List<GroundTruthAgreement> gt = new ArrayList<>();
    if (r.hasGroundTruthTypes()) {
      for (var e : r.labels().entrySet()) {
        gt.add(groundTruth(r, e.getKey(), e.getValue(), scorer));
      }
    }
    OrientationFindings orientation = primary == null ? null : orientation(r, primary);
    StructureIndex structure = r.aligned() == null ? null : StructureIndex.of(r.aligned(), o.seed() + 104729L);
    Map<String, Bootstrap.Interval> intervals = new LinkedHashMap<>();
    intervals.put("rho_st_test", Bootstrap.mean(r.performance("rho_st_test"), 0.95, o.seed() + 1L, "neurons"));
    if (primary != null) {
      int[] lab = r.labels().get(primary);
      List<Integer> keep = new ArrayList<>();
      for (int i = 0; i < lab.length; i++) {
        if (lab[i] >= 0 && Double.isFinite(perf[i])) {
          keep.add(i);
        }
      }
      double[] pv = keep.stream().mapToDouble(i -> perf[i]).toArray();
      int[] pl = keep.stream().mapToInt(i -> lab[i]).toArray();
      if (Arrays.stream(pl).distinct().count() >= 2 && pv.length >= 3) {
        intervals.put("epsilon2", Bootstrap.statistic(pv.length, ix -> {
          int[] l = pick(pl, ix);
          if (Arrays.stream(l).distinct().count() < 2) {
            return Double.NaN;
          }
          double[] v = new double[ix.length];
          for (int j = 0; j < ix.length; j++) {
            v[j] = pv[ix[j]];
          }
          return KruskalWallis.test(v, l).epsilonSquared();
        }, 0.95, o.seed() + 2L, "neurons"));
      }
      if (r.hasGroundTruthTypes()) {
        List<String> types = r.neurons().stream().map(NeuronRecord::gtType).filter(x -> x != null).distinct().sorted()
            .toList();
        List<Integer> known = new ArrayList<>();
        for (int i = 0; i < lab.length; i++) {
          if (lab[i] >= 0 && r.neurons().get(i).gtType() != null) {
            known.add(i);
          }
        }
        int[] t = known.stream().mapToInt(i -> types.indexOf(r.neurons().get(i).gtType())).toArray();
        int[] l = known.stream().mapToInt(i -> lab[i]).toArray();
        intervals.put("ari_truth", Bootstrap.statistic(t.length,
            ix -> ClusterMetrics.adjustedRandIndex(pick(t, ix), pick(l, ix)), 0.95, o.seed() + 3L, "neurons"));
      }
    }
    return new ExperimentFindings(metric, note, Summary.of(r.performance("rho_st_val")),
        Summary.of(r.performance("rho_st_test")), Summary.of(r.performance("corr_to_avg")), perMouse,
        finite == 0 ? Double.NaN : (double) zeros / finite, clusters, primary, bestK, dec, gt, orientation, truthBestK,
        structure, intervals);
  }

  /** Points scored by the same-space silhouettes (seeded subsample). */
  static final int SILHOUETTE_POINTS = 2000;

  /** Metric keys of the same-space comparisons. */
  public static final String PRE_DEC_SPACE = "silhouette_pre_dec_space";
  public static final String DEC_SPACE = "silhouette_dec_space";

  /**
   * The DEC verdict from label-level and same-space evidence: both labelings scored by silhouette on the pre-DEC
   * aligned embeddings and both on the post-DEC embeddings (paired over the same points, intervals Bonferroni-adjusted
   * over the spaces), their agreement, and — separately — their agreement with the ground truth.
   */
  static DecFindings dec(ExperimentReport r, long seed) {
    DecRecord rec = r.dec();
    Map<String, Double> gain = new TreeMap<>();
    for (var e : rec.qualityAfter().entrySet()) {
      Double before = rec.qualityBefore().get(e.getKey());
      if (before != null) {
        gain.put(e.getKey(), e.getValue() - before);
      }
    }
    int n = r.neurons().size();
    Bootstrap.Interval rho = rhoChange(r, rec, seed);
    int[] base = rec.baselineColumn() == null ? null : r.labels().get(rec.baselineColumn());
    int[] after = r.labels().get(rec.decColumn());
    if (base == null || after == null) {
      return new DecFindings(rec, rec.rhoStChange(), gain, List.of(), null, Double.NaN,
          Bootstrap.Verdict.NO_CLEAR_CHANGE, "no baseline clustering at the same K to compare with", Double.NaN,
          Double.NaN, null, rho);
    }
    List<Integer> both = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (base[i] >= 0 && after[i] >= 0) {
        both.add(i);
      }
    }
    int[] sample = ClusterMetrics.sampleIndices(both.size(), SILHOUETTE_POINTS, seed);
    int[] idx = Arrays.stream(sample).map(both::get).toArray();
    List<double[][]> spaces = new ArrayList<>();
    List<String[]> names = new ArrayList<>();
    if (r.aligned() != null) {
      spaces.add(r.aligned());
      names.add(new String[] {PRE_DEC_SPACE, "pre-DEC aligned embeddings"});
    }
    if (rec.decEmbeddings() != null) {
      spaces.add(rec.decEmbeddings());
      names.add(new String[] {DEC_SPACE, "post-DEC embeddings"});
    }
    double level = Bootstrap.bonferroni(0.05, Math.max(1, spaces.size()));
    List<SpaceComparison> cmp = new ArrayList<>();
    for (int s = 0; s < spaces.size(); s++) {
      double[] sb = Silhouettes.perPoint(spaces.get(s), base, idx);
      double[] sa = Silhouettes.perPoint(spaces.get(s), after, idx);
      double[] d = new double[idx.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = sa[i] - sb[i];
      }
      double mb = Arrays.stream(sb).average().orElse(Double.NaN);
      double ma = Arrays.stream(sa).average().orElse(Double.NaN);
      cmp.add(new SpaceComparison(names.get(s)[0], names.get(s)[1], mb, ma,
          Bootstrap.mean(d, level, seed + 31L * s, "neurons"), names.get(s)[0].equals(DEC_SPACE)));
      gain.put(names.get(s)[0], ma - mb);
    }
    int[] b = both.stream().mapToInt(i -> base[i]).toArray();
    int[] a = both.stream().mapToInt(i -> after[i]).toArray();
    Bootstrap.Interval agreement = Bootstrap.statistic(b.length,
        ix -> ClusterMetrics.adjustedRandIndex(pick(b, ix), pick(a, ix)), 0.95, seed + 7L, "neurons");
    double changed = b.length == 0 ? Double.NaN : 1 - ClusterMetrics.accuracy(b, a);
    Bootstrap.Verdict verdict;
    String reason;
    List<Bootstrap.Interval> like = cmp.stream().map(SpaceComparison::difference).toList();
    if (r.aligned() == null) {
      verdict = Bootstrap.Verdict.NO_CLEAR_CHANGE;
      reason = "the pre-DEC embeddings are missing, and the embeddings DEC moved itself are not evidence on their own";
    } else if (changed == 0) {
      verdict = Bootstrap.Verdict.NO_CLEAR_CHANGE;
      reason = "DEC changed no label";
    } else {
      verdict = Bootstrap.Verdict.all(like);
      reason = switch (verdict) {
        case BETTER -> "the DEC labels score higher than the baseline in every space, each interval above zero";
        case WORSE -> "the DEC labels score lower than the baseline in every space, each interval below zero";
        default -> "the same-space intervals include zero or disagree in sign";
      };
    }
    double tb = Double.NaN;
    double ta = Double.NaN;
    Bootstrap.Interval truth = null;
    if (r.hasGroundTruthTypes()) {
      List<String> types = r.neurons().stream().map(NeuronRecord::gtType).filter(x -> x != null).distinct().sorted()
          .toList();
      List<Integer> keep = both.stream().filter(i -> r.neurons().get(i).gtType() != null).toList();
      int[] t = keep.stream().mapToInt(i -> types.indexOf(r.neurons().get(i).gtType())).toArray();
      int[] kb = keep.stream().mapToInt(i -> base[i]).toArray();
      int[] ka = keep.stream().mapToInt(i -> after[i]).toArray();
      if (t.length > 1) {
        tb = ClusterMetrics.adjustedRandIndex(t, kb);
        ta = ClusterMetrics.adjustedRandIndex(t, ka);
        truth = Bootstrap.statistic(t.length, ix -> ClusterMetrics.adjustedRandIndex(pick(t, ix), pick(ka, ix))
            - ClusterMetrics.adjustedRandIndex(pick(t, ix), pick(kb, ix)), 0.95, seed + 11L, "neurons");
      }
    }
    return new DecFindings(rec, rec.rhoStChange(), gain, cmp, agreement, changed, verdict, reason, tb, ta, truth, rho);
  }

  /**
   * Test ρ_st after DEC − before, paired per neuron (before: the trained model's per-neuron test ρ_st of the neuron
   * table; after: the dec artifact's {@code rho_st.csv}), percentile bootstrap of the mean over the neurons with both;
   * without per-neuron scores after DEC (or on the validation tier) the mean change with no interval.
   */
  static Bootstrap.Interval rhoChange(ExperimentReport r, DecRecord rec, long seed) {
    int n = r.neurons().size();
    double[] after = rec.rhoStTestAfter();
    if (after == null || !DecRecord.TEST.equals(rec.rhoTier()) || after.length != n) {
      return new Bootstrap.Interval(rec.rhoStChange(), Double.NaN, Double.NaN, n, 0.95, "neurons");
    }
    double[] d = java.util.stream.IntStream.range(0, n)
        .filter(i -> Double.isFinite(after[i]) && Double.isFinite(r.neurons().get(i).rhoStTest()))
        .mapToDouble(i -> after[i] - r.neurons().get(i).rhoStTest()).toArray();
    return Bootstrap.mean(d, 0.95, seed + 13L, "neurons");
  }

  static int[] pick(int[] v, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }

  private static boolean anyFinite(double[] v) {
    return Arrays.stream(v).anyMatch(Double::isFinite);
  }

  /** Mouse of each neuron as a code 0..m−1 in order of first appearance. */
  static int[] mouseCodes(ExperimentReport r) {
    List<String> mice = r.mice();
    return r.neurons().stream().mapToInt(n -> mice.indexOf(n.mouse())).toArray();
  }

  static ClusterPerformance clusterPerformance(String column, int[] labels, double[] perf, int[] mouse, ReportOptions o,
      long seed) {
    TreeSet<Integer> ids = new TreeSet<>();
    for (int l : labels) {
      if (l >= 0) {
        ids.add(l);
      }
    }
    List<Integer> idList = new ArrayList<>(ids);
    List<Integer> sizes = new ArrayList<>();
    List<Summary> per = new ArrayList<>();
    for (int id : idList) {
      int count = 0;
      double[] v = new double[labels.length];
      for (int i = 0; i < labels.length; i++) {
        v[i] = labels[i] == id ? perf[i] : Double.NaN;
        if (labels[i] == id) {
          count++;
        }
      }
      sizes.add(count);
      per.add(Summary.of(v));
    }
    KruskalWallis.Result kw = null;
    MutualInformation.Result mi = null;
    long usable = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0 && Double.isFinite(perf[i])) {
        usable++;
      }
    }
    if (ids.size() >= 2 && usable >= Math.max(3, o.quantileBins())) {
      kw = KruskalWallis.test(perf, labels);
      mi = MutualInformation.clustersVsQuantiles(labels, perf, o.quantileBins(), o.permutations(), seed);
    }
    ChiSquareIndependence.Result byMouse = null;
    if (ids.size() >= 2 && Arrays.stream(mouse).distinct().count() >= 2) {
      List<Integer> keep = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] >= 0) {
          keep.add(i);
        }
      }
      byMouse = ChiSquareIndependence.test(keep.stream().mapToInt(i -> labels[i]).toArray(),
          keep.stream().mapToInt(i -> mouse[i]).toArray());
    }
    return new ClusterPerformance(column, ExperimentReport.methodOf(column), ExperimentReport.kOf(column), idList,
        sizes, per, kw, mi, byMouse);
  }

  /** Direction of a k-selection metric: +1 larger is better, −1 smaller is better, 0 no rule. */
  public static int direction(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (m.endsWith("_sd") || m.endsWith("_std") || m.endsWith("_s") || m.startsWith("recommended_by_")
        || m.contains("inertia") || m.contains("wcss") || m.equals("objective") || m.equals("seconds")
        || m.equals("iterations")) {
      return 0;
    }
    if (m.contains("bic") || m.contains("aic") || m.contains("davies")) {
      return -1;
    }
    if (m.contains("silhouette") || m.contains("stability") || m.contains("ari") || m.contains("loglik")
        || m.contains("log_likelihood") || m.contains("gap") || m.contains("calinski") || m.contains("nmi") || m.contains("accuracy")) {
      return 1;
    }
    return 0;
  }

  static List<BestK> bestK(List<KSelectionRecord> points) {
    Map<String, TreeMap<Integer, Double>> curves = new TreeMap<>();
    for (KSelectionRecord p : points) {
      if (Double.isFinite(p.value())) {
        curves.computeIfAbsent(p.method() + "\u0000" + p.metric(), x -> new TreeMap<>()).put(p.k(), p.value());
      }
    }
    List<BestK> out = new ArrayList<>();
    for (var e : curves.entrySet()) {
      String[] mm = e.getKey().split("\u0000", 2);
      String method = mm[0];
      String metric = mm[1];
      TreeMap<Integer, Double> c = e.getValue();
      if (metric.startsWith("recommended_by_") && !c.isEmpty()) {
        // The clustering stage's own recommendation (one row at the recommended k).
        out.add(new BestK(method, metric.substring("recommended_by_".length()), c.firstKey(), c.firstEntry().getValue(),
            "clustering stage"));
        continue;
      }
      int dir = direction(metric);
      if (dir == 0 || c.isEmpty()) {
        continue;
      }
      if (curves.containsKey(method + "\u0000recommended_by_" + metric)) {
        continue; // the stage already applied its rule for this criterion
      }
      TreeMap<Integer, Double> sd = curves.get(method + "\u0000" + metric + "_s");
      if (sd == null) {
        sd = curves.get(method + "\u0000" + metric + "_sd");
      }
      if (metric.equalsIgnoreCase("gap") && sd != null) {
        // Tibshirani et al. 2001: smallest k with Gap(k) ≥ Gap(k+1) − s_{k+1} (s = sd·√(1 + 1/B), as given).
        Integer chosen = null;
        for (var kv : c.entrySet()) {
          Integer next = c.higherKey(kv.getKey());
          if (next != null && sd.containsKey(next) && kv.getValue() >= c.get(next) - sd.get(next)) {
            chosen = kv.getKey();
            break;
          }
        }
        if (chosen != null) {
          out.add(new BestK(method, metric, chosen, c.get(chosen), "gap rule"));
          continue;
        }
      }
      int bestKey = c.firstKey();
      for (var kv : c.entrySet()) {
        if (dir * kv.getValue() > dir * c.get(bestKey)) {
          bestKey = kv.getKey();
        }
      }
      out.add(new BestK(method, metric, bestKey, c.get(bestKey), dir > 0 ? "max" : "min"));
    }
    return out;
  }

  static String choosePrimary(ExperimentReport r, ReportOptions o, List<BestK> bestK) {
    if (r.labels().isEmpty()) {
      return null;
    }
    if (o.primaryClustering() != null) {
      if (!r.labels().containsKey(o.primaryClustering())) {
        throw new IllegalArgumentException("evaluation.primary_clustering is '" + o.primaryClustering()
            + "' but the clustering results are " + r.labels().keySet());
      }
      return o.primaryClustering();
    }
    for (String c : r.labels().keySet()) {
      if (c.startsWith("dec_")) {
        return c;
      }
    }
    for (BestK b : bestK) {
      if (b.method().equals("kmeans") && b.metric().toLowerCase(Locale.ROOT).contains("silhouette")
          && r.labels().containsKey("kmeans_" + b.k())) {
        return "kmeans_" + b.k();
      }
    }
    return r.labels().keySet().iterator().next();
  }

  static GroundTruthAgreement groundTruth(ExperimentReport r, String column, int[] labels, AgreementScorer scorer) {
    TreeSet<String> types = new TreeSet<>();
    TreeSet<Integer> ids = new TreeSet<>();
    for (int i = 0; i < labels.length; i++) {
      String t = r.neurons().get(i).gtType();
      if (t != null && !t.isEmpty() && labels[i] >= 0) {
        types.add(t);
        ids.add(labels[i]);
      }
    }
    List<String> typeList = new ArrayList<>(types);
    List<Integer> idList = new ArrayList<>(ids);
    int[][] counts = new int[typeList.size()][idList.size()];
    List<Integer> truth = new ArrayList<>();
    List<Integer> pred = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      String t = r.neurons().get(i).gtType();
      if (t != null && !t.isEmpty() && labels[i] >= 0) {
        int ti = typeList.indexOf(t);
        counts[ti][idList.indexOf(labels[i])]++;
        truth.add(ti);
        pred.add(labels[i]);
      }
    }
    Map<String, Double> scores = truth.isEmpty() ? Map.of()
        : scorer.score(truth.stream().mapToInt(Integer::intValue).toArray(), pred.stream().mapToInt(Integer::intValue).toArray());
    return new GroundTruthAgreement(column, typeList, idList, counts, scores);
  }

  static OrientationFindings orientation(ExperimentReport r, String column) {
    boolean anyRot = r.neurons().stream().anyMatch(n -> Double.isFinite(n.rotation()));
    boolean anyGt = r.neurons().stream().anyMatch(n -> Double.isFinite(n.gtOrientation()));
    if (!anyRot && !anyGt) {
      return null;
    }
    int[] labels = r.labels().get(column);
    TreeSet<Integer> ids = new TreeSet<>();
    for (int l : labels) {
      if (l >= 0) {
        ids.add(l);
      }
    }
    List<Integer> idList = new ArrayList<>(ids);
    List<double[]> rot = new ArrayList<>();
    List<CircularStats.Result> rotStats = new ArrayList<>();
    List<double[]> gt = new ArrayList<>();
    List<CircularStats.Result> gtStats = new ArrayList<>();
    for (int id : idList) {
      List<Double> a = new ArrayList<>();
      List<Double> g = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == id) {
          NeuronRecord n = r.neurons().get(i);
          if (Double.isFinite(n.rotation())) {
            a.add(((n.rotation() % 360) + 360) % 360);
          }
          if (Double.isFinite(n.gtOrientation())) {
            g.add(((n.gtOrientation() % 180) + 180) % 180);
          }
        }
      }
      double[] av = a.stream().mapToDouble(Double::doubleValue).toArray();
      double[] gv = g.stream().mapToDouble(Double::doubleValue).toArray();
      rot.add(av);
      rotStats.add(CircularStats.of(av, 360));
      gt.add(gv);
      gtStats.add(CircularStats.of(gv, 180));
    }
    return new OrientationFindings(column, idList, rot, rotStats, gt, gtStats);
  }
}
