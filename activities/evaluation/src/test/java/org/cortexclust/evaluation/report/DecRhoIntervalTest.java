package org.cortexclust.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cortexclust.common.io.Csv;
import org.cortexclust.evaluation.io.ExperimentReader;
import org.cortexclust.evaluation.stats.Bootstrap;
import org.junit.jupiter.api.Test;

/**
 * DEC's cost in prediction: test ρ_st after DEC paired per neuron with the trained model's, so the change carries an
 * interval and "cost" or "gain" is said only when the interval excludes zero.
 */
class DecRhoIntervalTest {
  static final int N = 240;

  /** Before: per-neuron test ρ_st spread over [0.1, 0.5]; after = before + shift + antithetic noise (mean exactly shift). */
  static ExperimentReport report(double shift, double noise, boolean perNeuron) {
    SplittableRandom rng = new SplittableRandom(5);
    List<NeuronRecord> neurons = new ArrayList<>();
    double[] after = new double[N];
    double sumBefore = 0;
    for (int i = 0; i < N; i += 2) {
      double e = noise * rng.nextGaussian();
      for (int j = 0; j < 2; j++) {
        double before = 0.1 + 0.4 * rng.nextDouble();
        neurons.add(new NeuronRecord(i + j, "m", String.valueOf(i + j), 0, 0, before, before, 0.5, null, Double.NaN,
            Double.NaN));
        after[i + j] = before + shift + (j == 0 ? e : -e);
        sumBefore += before;
      }
    }
    double meanBefore = sumBefore / N;
    int[] km = new int[N];
    int[] dec = new int[N];
    for (int i = 0; i < N; i++) {
      km[i] = i % 3;
      dec[i] = i % 7 == 0 ? (i + 1) % 3 : i % 3;
    }
    Map<String, int[]> labels = new LinkedHashMap<>();
    labels.put("kmeans_3", km);
    labels.put("dec_3", dec);
    DecRecord d = new DecRecord(1e4, "kmeans_3", "dec_3", meanBefore, meanBefore + shift, Map.of(), Map.of(),
        DecRecord.TEST, Double.NaN, null, perNeuron ? after : null);
    return new ExperimentReport("r", "", Map.of("seed", "1"), Map.of(), neurons, labels, null, null, null, null, d,
        null, null);
  }

  @Test
  void aCostWhoseIntervalLiesBelowZeroIsSaid() {
    ExperimentReport r = report(-0.02, 0.01, true);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, ReportOptions.defaults(1));
    Bootstrap.Interval i = f.dec().rhoInterval();
    assertEquals(N, i.n());
    assertEquals(-0.02, i.estimate(), 1e-9);
    assertTrue(i.hi() < 0, i.toString());
    String html = HtmlReport.render(r, f, ReportOptions.defaults(1));
    assertTrue(html.contains("DEC cost prediction"), "the cost is named");
    assertTrue(html.contains("paired over neurons against the trained model"));
    ExperimentSummary s = ExperimentSummary.of(r, f, 100);
    assertTrue(s.dec().rhoStChangeInterval().hi() < 0);
    assertEquals(N, s.dec().rhoStChangeInterval().n());
    assertTrue(String.join("\n", TextSummary.lines(r, f)).contains("interval over 240 neurons"));
  }

  @Test
  void aChangeWhoseIntervalCoversZeroIsNoClearChange() {
    ExperimentReport r = report(0, 0.01, true);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, ReportOptions.defaults(1));
    Bootstrap.Interval i = f.dec().rhoInterval();
    assertTrue(i.lo() < 0 && i.hi() > 0, i.toString());
    String html = HtmlReport.render(r, f, ReportOptions.defaults(1));
    assertTrue(html.contains("no clear change in prediction"));
    assertFalse(html.contains("DEC cost prediction"));
  }

  @Test
  void aModelStoppedAtItsEpochCapGetsTheControlNamed() {
    ExperimentReport r = report(0.02, 0.01, true);
    List<EpochRecord> h = new ArrayList<>();
    for (int e = 1; e <= 4; e++) h.add(new EpochRecord(e, 1.0, 0.3, 0.005, 1.0));
    ExperimentReport capped = new ExperimentReport(r.runId(), "", Map.of("seed", "1", "training.epochs", "4"), Map.of(),
        r.neurons(), r.labels(), h, null, null, null, r.dec(), null, null);
    ExperimentFindings f = ExperimentAnalysis.analyze(capped, ReportOptions.defaults(1));
    String html = HtmlReport.render(capped, f, ReportOptions.defaults(1));
    assertTrue(html.contains("Training stopped at its epoch cap (4 of training.epochs = 4)"), "the caution is shown");
    assertTrue(html.contains("dec.lambda: 0"));
    ExperimentReport early = new ExperimentReport(r.runId(), "", Map.of("seed", "1", "training.epochs", "10"), Map.of(),
        r.neurons(), r.labels(), h, null, null, null, r.dec(), null, null);
    assertFalse(HtmlReport.render(early, ExperimentAnalysis.analyze(early, ReportOptions.defaults(1)),
        ReportOptions.defaults(1)).contains("epoch cap"), "early stopping: no caution");
  }

  @Test
  void withoutPerNeuronScoresThereIsNoInterval() {
    ExperimentReport r = report(-0.02, 0.01, false);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, ReportOptions.defaults(1));
    assertFalse(f.dec().rhoInterval().hasInterval());
    String html = HtmlReport.render(r, f, ReportOptions.defaults(1));
    assertTrue(html.contains("no interval: the dec artifact has no per-neuron test"));
    assertFalse(html.contains("DEC cost prediction"), "no cost claimed without an interval");
  }

  @Test
  void thePerNeuronTableIsPlacedByIndexAndABadIndexNamesTheFileAndLine() throws IOException {
    Csv.Table t = Csv.parse("dec/rho_st.csv", new StringReader("index,rho_st_test\n2,0.5\n0,0.25\n"));
    double[] v = ExperimentReader.perNeuron(t, "rho_st_test", 3);
    assertEquals(0.25, v[0]);
    assertTrue(Double.isNaN(v[1]));
    assertEquals(0.5, v[2]);
    Csv.Table bad = Csv.parse("dec/rho_st.csv", new StringReader("index,rho_st_test\n0,0.1\n7,0.2\n"));
    IOException e = assertThrows(IOException.class, () -> ExperimentReader.perNeuron(bad, "rho_st_test", 3));
    assertTrue(e.getMessage().contains("dec/rho_st.csv: line 3 has index 7, expected 0..2"), e.getMessage());
  }
}
