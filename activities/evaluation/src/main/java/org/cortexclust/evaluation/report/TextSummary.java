package org.cortexclust.evaluation.report;

import static org.cortexclust.evaluation.plot.Svg.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexclust.evaluation.plot.Svg;
import org.cortexclust.evaluation.report.ExperimentFindings.BestK;
import org.cortexclust.evaluation.report.ExperimentFindings.ClusterPerformance;
import org.cortexclust.evaluation.report.ExperimentFindings.GroundTruthAgreement;

/** The answers in a few plain-text lines (for the terminal and the {@code headline} of summary.json). */
public final class TextSummary {
  private TextSummary() {}

  public static List<String> lines(ExperimentReport r, ExperimentFindings f) {
    List<String> out = new ArrayList<>();
    if (f.rhoStTest().n() > 0) {
      out.add("test rho_st " + num(f.rhoStTest().mean(), 3) + " (median " + num(f.rhoStTest().median(), 3) + ") over "
          + f.rhoStTest().n() + " neurons, " + r.mice().size() + (r.mice().size() == 1 ? " mouse" : " mice")
          + (f.rhoStVal().n() > 0 ? "; validation " + num(f.rhoStVal().mean(), 3) : ""));
      double ratio = r.overOracle(f.rhoStTest().mean());
      if (Double.isFinite(ratio)) {
        out.add("test rho_st / oracle " + num(ratio, 3) + " (oracle: the simulator's noise ceiling "
            + num(r.oracleRhoSt(), 3) + ", simulated data only)");
      }
    } else if (f.rhoStVal().n() > 0) {
      out.add("validation rho_st " + num(f.rhoStVal().mean(), 3) + " over " + f.rhoStVal().n() + " neurons");
    }
    for (ClusterPerformance c : f.clusters()) {
      if (c.column().equals(f.primary()) && c.kw() != null) {
        double chance = Double.isNaN(c.mi().nullMean()) ? c.mi().analyticBias() : c.mi().nullMean();
        out.add("performance vs " + c.column() + ": Kruskal-Wallis H " + num(c.kw().statistic(), 4) + ", p "
            + Svg.pValue(c.kw().pValue()) + ", epsilon^2 " + num(c.kw().epsilonSquared(), 2) + " ("
            + HtmlReport.effectBand(c.kw().epsilonSquared()) + "); MI " + num(c.mi().mi() / Math.log(2), 2)
            + " bits (chance " + num(chance / Math.log(2), 2) + ")");
      }
    }
    Map<String, List<String>> best = new TreeMap<>();
    for (BestK b : f.bestK()) {
      if (!HtmlReport.isTruthMetric(b.metric())) {
        best.computeIfAbsent(b.method(), x -> new ArrayList<>()).add(b.metric() + " " + b.k());
      }
    }
    if (!best.isEmpty()) {
      List<String> parts = new ArrayList<>();
      best.forEach((m, l) -> parts.add(m + ": " + String.join(", ", l)));
      out.add("best k: " + String.join("; ", parts));
    }
    if (f.dec() != null) {
      var d = f.dec();
      List<String> gains = new ArrayList<>();
      d.spaces().forEach(c -> gains.add(c.key() + " " + c.difference().text(2)));
      out.add("DEC (lambda " + num(d.record().lambda(), 3) + "): " + d.verdict().words() + " ("
          + (gains.isEmpty() ? "no same-space scores" : String.join(", ", gains)) + "); changed "
          + num(100 * d.changedFraction(), 2) + " % of labels; delta rho_st " + num(d.rhoStChange(), 3)
          + (d.rhoInterval().hasInterval() ? " " + d.rhoInterval().text(2) + " (" + d.rhoInterval().describe() + ")" : ""));
      if (d.truthChange() != null) {
        out.add("DEC truth check: ARI vs truth " + num(d.truthBefore(), 3) + " -> " + num(d.truthAfter(), 3)
            + ", change " + d.truthChange().text(2));
      }
    }
    for (GroundTruthAgreement g : f.groundTruth()) {
      if (g.column().equals(f.primary())) {
        List<String> s = new ArrayList<>();
        g.scores().forEach((k, v) -> s.add(k + " " + num(v, 3)));
        s.add("purity " + num(HtmlReport.purity(g.counts()), 3));
        out.add("ground truth vs " + g.column() + ": " + String.join(", ", s));
      }
    }
    return out.stream().map(l -> l.replace('−', '-')).toList();
  }
}
