package org.cortexclust.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexclust.evaluation.stats.Bootstrap;
import org.junit.jupiter.api.Test;

/** Acceptance (a) and (b) of issue 22 on constructed inputs. */
class DecVerdictTest {
  static final int N = 240;

  /** Three well-separated planted types in 4 dimensions (type = i % 3). */
  static double[][] blobs(SplittableRandom rng) {
    double[][] x = new double[N][4];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (j == i % 3 ? 3 : 0) + 0.7 * org.cortexclust.evaluation.stats.StructureIndex.gaussian(rng);
      }
    }
    return x;
  }

  /** Every point pulled a fraction {@code pull} of the way to the mean of its cluster under {@code labels}. */
  static double[][] pulled(double[][] x, int[] labels, int k, double pull) {
    double[][] c = new double[k][x[0].length];
    int[] n = new int[k];
    for (int i = 0; i < x.length; i++) {
      n[labels[i]]++;
      for (int j = 0; j < x[0].length; j++) {
        c[labels[i]][j] += x[i][j];
      }
    }
    double[][] out = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        out[i][j] = (1 - pull) * x[i][j] + pull * c[labels[i]][j] / n[labels[i]];
      }
    }
    return out;
  }

  static ExperimentReport report(double[][] aligned, int[] kmeans, int[] dec, double[][] decEmb) {
    List<NeuronRecord> neurons = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      neurons.add(new NeuronRecord(i, "m", String.valueOf(i), 0, 0, 0.3, 0.3, 0.5, "type-" + (i % 3), Double.NaN,
          Double.NaN));
    }
    Map<String, int[]> labels = new LinkedHashMap<>();
    labels.put("kmeans_3", kmeans);
    labels.put("dec_3", dec);
    DecRecord d = new DecRecord(1e4, "kmeans_3", "dec_3", 0.3, 0.3, Map.of(), Map.of(), DecRecord.TEST, 0.0, decEmb);
    return new ExperimentReport("r", "", Map.of("seed", "1"), Map.of(), neurons, labels, null, null, null, null, d,
        null, aligned);
  }

  /** (a) DEC labels identical to the k-means labels, DEC's own space tightened around them: "no clear change". */
  @Test
  void identicalLabelsAreNoClearChangeEvenWhenDecTightenedItsOwnSpace() {
    SplittableRandom rng = new SplittableRandom(1);
    double[][] x = blobs(rng);
    int[] truth = new int[N];
    for (int i = 0; i < N; i++) {
      truth[i] = i % 3;
    }
    int[] km = truth.clone();
    ExperimentReport r = report(x, km, km.clone(), pulled(x, km, 3, 0.8));
    ExperimentFindings f = ExperimentAnalysis.analyze(r, ReportOptions.defaults(1));
    assertEquals(Bootstrap.Verdict.NO_CLEAR_CHANGE, f.dec().verdict(), f.dec().reason());
    assertEquals(0.0, f.dec().changedFraction(), 0.0);
    assertEquals(1.0, f.dec().agreement().estimate(), 1e-12);
    String html = HtmlReport.render(r, f, ReportOptions.defaults(1));
    assertTrue(html.contains(">No clear change, "), "the answer card says it");
    assertFalse(html.contains("Better clusters"));
    // the old rule (k-means silhouette on the aligned space vs DEC silhouette on DEC's space) would have seen a gain
    var own = f.dec().spaces().stream().filter(ExperimentFindings.SpaceComparison::movedByDec).findFirst().orElseThrow();
    var pre = f.dec().spaces().stream().filter(c -> !c.movedByDec()).findFirst().orElseThrow();
    assertTrue(own.after() > pre.before() + 0.1, "setup: DEC's own space flatters " + own.after() + " vs " + pre.before());
  }

  /** (b) DEC labels worse against the truth while the silhouette in DEC's own space rises: not "better". */
  @Test
  void worseLabelsInAFlatteringSpaceAreNotBetter() {
    SplittableRandom rng = new SplittableRandom(2);
    double[][] x = blobs(rng);
    int[] km = new int[N];
    int[] dec = new int[N];
    for (int i = 0; i < N; i++) {
      km[i] = i % 3;
      dec[i] = rng.nextDouble() < 0.45 ? rng.nextInt(3) : i % 3; // ~30 % of labels scrambled
    }
    double[][] decEmb = pulled(x, dec, 3, 0.9);
    ExperimentReport r = report(x, km, dec, decEmb);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, ReportOptions.defaults(1));
    var own = f.dec().spaces().stream().filter(ExperimentFindings.SpaceComparison::movedByDec).findFirst().orElseThrow();
    assertTrue(own.difference().lo() > 0, "setup: in DEC's own space the DEC labels score higher " + own.difference());
    assertTrue(f.dec().truthChange().hi() < 0, "setup: worse against the truth " + f.dec().truthChange());
    assertNotEquals(Bootstrap.Verdict.BETTER, f.dec().verdict(), f.dec().reason());
    String html = HtmlReport.render(r, f, ReportOptions.defaults(1));
    assertFalse(html.contains("Better clusters"));
    ExperimentSummary s = ExperimentSummary.of(r, f, 100);
    assertNotEquals("better", s.dec().verdict());
    assertTrue(s.truth().decAriChange().hi() < 0, "the truth check lives in the truth section");
  }
}
