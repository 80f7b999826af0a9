package org.cortexclust.evaluation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexclust.evaluation.report.ExperimentFindings.BestK;
import org.cortexclust.evaluation.report.ExperimentFindings.ClusterPerformance;
import org.cortexclust.evaluation.report.ExperimentFindings.GroundTruthAgreement;
import org.cortexclust.evaluation.stats.Bootstrap;

/**
 * The small per-experiment record written as {@code summary.json} (snake_case keys; missing numbers are null)
 * and read back by the sweep report. Holds headline numbers and a t-SNE preview, never per-neuron tables.
 *
 * @param headline     the answers in a few plain-text lines (for the terminal)
 * @param runId        experiment id
 * @param title        config name
 * @param config       flattened config (dotted key → value as text)
 * @param lineage      input → artifact id
 * @param neurons      neurons in the table
 * @param mice         mice
 * @param metric       performance metric used for the cluster tests
 * @param rhoStVal     mean validation ρ_st
 * @param rhoStTest    mean test ρ_st
 * @param oracleRhoSt  the simulator's noise ceiling of ρ_st (truth-like: simulated data only), or null
 * @param rhoStTestOverOracle mean test ρ_st over {@code oracleRhoSt}, or null without a ceiling
 * @param trainingEpochs epochs the model was trained (rows of its history), or null without a training history
 * @param corrToAvg    mean correlation to average
 * @param primary      clustering shown in detail
 * @param clusterings  one entry per METHOD_K result
 * @param bestK        best k per method and truth-free metric (the criteria that choose k)
 * @param dec          DEC numbers, or null
 * @param timings      stage → seconds
 * @param preview      the same subsample of neurons in every run on a dataset (fixed seed): their indices, t-SNE
 *                     coordinates and the labels of every clustering result — for the sweep's t-SNE grid and for
 *                     stability across training seeds (ARI on shared neurons); null without labels
 * @param truth        every score that needs the ground-truth types (never a criterion), or null without them
 * @param structure    structure index of the aligned embeddings vs a one-Gaussian null, with its interval, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExperimentSummary(
    List<String> headline,
    String runId,
    String title,
    Map<String, String> config,
    Map<String, String> lineage,
    int neurons,
    int mice,
    String metric,
    Double rhoStVal,
    Double rhoStTest,
    Double oracleRhoSt,
    Double rhoStTestOverOracle,
    Integer trainingEpochs,
    Double corrToAvg,
    String primary,
    List<Clustering> clusterings,
    List<Best> bestK,
    Dec dec,
    Map<String, Double> timings,
    Preview preview,
    Truth truth,
    Ci structure) {

  /** One clustering result's numbers (null = not available). */
  public record Clustering(
      String column,
      String method,
      int k,
      List<Integer> sizes,
      Double kruskalH,
      Double kruskalP,
      Double epsilonSquared,
      Double miBits,
      Double miCorrectedBits,
      Double miP,
      Map<String, Double> quality,
      Double mouseCramersV) {}

  /**
   * An estimate with its interval (bounds null when there is none).
   *
   * @param level coverage of [lo, hi], e.g. 0.95 or 1 − 0.05/m after a Bonferroni correction
   * @param unit  what the interval resamples (neurons, seeds, seed pairs)
   */
  public record Ci(Double estimate, Double lo, Double hi, int n, double level, String unit) {
    public static Ci of(Bootstrap.Interval i) {
      return i == null ? null : new Ci(d(i.estimate()), d(i.lo()), d(i.hi()), i.n(), i.level(), i.unit());
    }

    public Bootstrap.Interval interval() {
      return new Bootstrap.Interval(estimate == null ? Double.NaN : estimate, lo == null ? Double.NaN : lo,
          hi == null ? Double.NaN : hi, n, level, unit);
    }
  }

  /**
   * Scores against the ground-truth types: checks of the pipeline on simulated data, kept apart from the criteria.
   *
   * @param bestK        best k per method by a truth metric (ari_gt, nmi_gt, accuracy_gt)
   * @param clusterings  METHOD_K → ARI / NMI / ACC / purity against the types
   * @param decAriBefore ARI of DEC's baseline labels against the types
   * @param decAriAfter  ARI of the DEC labels
   * @param decAriChange after − before with its interval over neurons
   */
  public record Truth(List<Best> bestK, Map<String, Map<String, Double>> clusterings, Double decAriBefore,
      Double decAriAfter, Ci decAriChange) {}

  public record Best(String method, String metric, int k, Double value, String rule) {}

  public record Dec(
      Double lambda,
      String baselineColumn,
      String decColumn,
      Double rhoStBefore,
      Double rhoStAfter,
      Double rhoStChange,
      Ci rhoStChangeInterval,
      Map<String, Double> qualityBefore,
      Map<String, Double> qualityAfter,
      Map<String, Double> qualityGain,
      String rhoTier,
      Double rhoStValChange,
      String verdict,
      String reason,
      Map<String, Ci> gainIntervals,
      Ci agreementAri,
      Double changedFraction) {}

  /**
   * A fixed subsample of neurons.
   *
   * @param index  neuron indices (ascending), chosen with {@link #PREVIEW_SEED} so runs on one dataset share them
   * @param x      t-SNE x per preview neuron, or null without t-SNE
   * @param y      t-SNE y, or null
   * @param column the k-means result used to colour the map
   * @param labels METHOD_K → label per preview neuron (−1 = unassigned)
   */
  public record Preview(int[] index, float[] x, float[] y, String column, Map<String, int[]> labels) {
    public boolean hasTsne() {
      return x != null && y != null;
    }
  }

  /** Seed of the preview subsample: fixed, so that every run on the same neurons previews the same ones. */
  public static final long PREVIEW_SEED = 0x5EED_2022L;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Double d(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static Map<String, Double> finite(Map<String, Double> m) {
    Map<String, Double> out = new TreeMap<>();
    m.forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Build the summary of one experiment; {@code previewPoints} caps the neuron preview. */
  public static ExperimentSummary of(ExperimentReport r, ExperimentFindings f, int previewPoints) {
    Map<String, GroundTruthAgreement> gt = new LinkedHashMap<>();
    f.groundTruth().forEach(g -> gt.put(g.column(), g));
    List<Clustering> cl = new ArrayList<>();
    Map<String, Map<String, Double>> truthScores = new LinkedHashMap<>();
    for (ClusterPerformance c : f.clusters()) {
      Map<String, Double> quality = new TreeMap<>();
      Map<String, Double> truth = new TreeMap<>();
      for (KSelectionRecord p : r.kSelection()) {
        if (p.method().equals(c.method()) && p.k() == c.k() && Double.isFinite(p.value())) {
          (HtmlReport.isTruthMetric(p.metric()) ? truth : quality).put(p.metric(), p.value());
        }
      }
      GroundTruthAgreement g = gt.get(c.column());
      if (g != null) {
        truth.putAll(finite(g.scores()));
        double pu = HtmlReport.purity(g.counts());
        if (Double.isFinite(pu)) {
          truth.put("purity", pu);
        }
      }
      if (!truth.isEmpty()) {
        truthScores.put(c.column(), truth);
      }
      boolean kw = c.kw() != null;
      cl.add(new Clustering(c.column(), c.method(), c.k(), c.sizes(),
          kw ? d(c.kw().statistic()) : null, kw ? d(c.kw().pValue()) : null, kw ? d(c.kw().epsilonSquared()) : null,
          kw ? d(c.mi().mi() / Math.log(2)) : null, kw ? d(c.mi().corrected() / Math.log(2)) : null,
          kw ? d(c.mi().pValue()) : null, quality, c.mouse() == null ? null : d(c.mouse().cramersV())));
    }
    List<Best> best = new ArrayList<>();
    for (BestK b : f.bestK()) {
      best.add(new Best(b.method(), b.metric(), b.k(), d(b.value()), b.rule()));
    }
    List<Best> truthBest = new ArrayList<>();
    for (BestK b : f.truthBestK()) {
      truthBest.add(new Best(b.method(), b.metric(), b.k(), d(b.value()), b.rule()));
    }
    Dec dec = null;
    Truth truth = null;
    if (f.dec() != null) {
      var x = f.dec();
      DecRecord rec = x.record();
      Map<String, Double> before = new TreeMap<>(rec.qualityBefore());
      Map<String, Double> after = new TreeMap<>(rec.qualityAfter());
      Map<String, Ci> gi = new TreeMap<>();
      for (ExperimentFindings.SpaceComparison sc : x.spaces()) {
        before.put(sc.key(), sc.before());
        after.put(sc.key(), sc.after());
        gi.put(sc.key(), Ci.of(sc.difference()));
      }
      dec = new Dec(d(rec.lambda()), rec.baselineColumn(), rec.decColumn(), d(rec.rhoStBefore()), d(rec.rhoStAfter()),
          d(rec.rhoStChange()), Ci.of(x.rhoInterval()), finite(before), finite(after), finite(x.qualityGain()), rec.rhoTier(),
          d(rec.rhoStValChange()), x.verdict().words(), x.reason(), gi, Ci.of(x.agreement()), d(x.changedFraction()));
      if (x.truthChange() != null) {
        truth = new Truth(truthBest, truthScores, d(x.truthBefore()), d(x.truthAfter()), Ci.of(x.truthChange()));
      }
    }
    if (truth == null && (!truthBest.isEmpty() || !truthScores.isEmpty())) {
      truth = new Truth(truthBest, truthScores, null, null, null);
    }
    Preview preview = null;
    if (!r.labels().isEmpty()) {
      int[] idx = HtmlReport.subsample(r.neurons().size(), previewPoints, PREVIEW_SEED);
      float[] x = null;
      float[] y = null;
      if (r.tsne() != null) {
        x = new float[idx.length];
        y = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
          x[i] = (float) r.tsne()[idx[i]][0];
          y[i] = (float) r.tsne()[idx[i]][1];
        }
      }
      Map<String, int[]> lab = new LinkedHashMap<>();
      for (var e : r.labels().entrySet()) {
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
          l[i] = e.getValue()[idx[i]];
        }
        lab.put(e.getKey(), l);
      }
      preview = new Preview(idx, x, y, previewColumn(r, f), lab);
    }
    return new ExperimentSummary(TextSummary.lines(r, f), r.runId(), r.title(), r.config(), r.lineage(), r.neurons().size(), r.mice().size(),
        f.metric(), d(f.rhoStVal().mean()), d(f.rhoStTest().mean()), d(r.oracleRhoSt()),
        d(r.overOracle(f.rhoStTest().mean())), r.history() == null || r.history().isEmpty() ? null : r.history().size(),
        d(f.corrToAvg().mean()), f.primary(), cl, best,
        dec, r.timings(), preview, truth, f.structure() == null ? null : Ci.of(f.structure().interval()));
  }

  /** The k-means column for the sweep's t-SNE grid: the primary one if it is k-means, else best-silhouette. */
  static String previewColumn(ExperimentReport r, ExperimentFindings f) {
    if (f.primary() != null && f.primary().startsWith("kmeans_")) {
      return f.primary();
    }
    for (BestK b : f.bestK()) {
      if (b.method().equals("kmeans") && b.metric().toLowerCase().contains("silhouette")
          && r.labels().containsKey("kmeans_" + b.k())) {
        return "kmeans_" + b.k();
      }
    }
    for (String c : r.labels().keySet()) {
      if (c.startsWith("kmeans_")) {
        return c;
      }
    }
    return f.primary();
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public String toJson() throws IOException {
    return JSON.writeValueAsString(this);
  }

  public static ExperimentSummary read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), ExperimentSummary.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not a cortexclust summary.json: " + e.getOriginalMessage(), e);
    }
  }

  public static ExperimentSummary fromJson(String json) throws IOException {
    return JSON.readValue(json, ExperimentSummary.class);
  }

  /** Look up a clustering by column name. */
  public Clustering clustering(String column) {
    for (Clustering c : clusterings) {
      if (c.column().equals(column)) {
        return c;
      }
    }
    return null;
  }
}
