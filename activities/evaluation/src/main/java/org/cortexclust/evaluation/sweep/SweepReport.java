package org.cortexclust.evaluation.sweep;

import static org.cortexclust.evaluation.plot.Svg.esc;
import static org.cortexclust.evaluation.plot.Svg.num;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cortexclust.evaluation.plot.Chart;
import org.cortexclust.evaluation.plot.Palette;
import org.cortexclust.evaluation.report.ExperimentSummary;
import org.cortexclust.evaluation.report.Html;
import org.cortexclust.evaluation.report.HtmlReport;
import org.cortexclust.evaluation.stats.Correlation;

/**
 * The report of a sweep (e.g. readout type × γ × seeds, DEC λ): plain-words answers, the seed-study figures (grid of
 * t-SNE maps coloured by k-means cluster per row × column value; ρ_st against the column key; DEC trade-off per λ;
 * best k per configuration) and the table of every point.
 */
public final class SweepReport {
  /** Figure ids in page order. */
  public static final List<String> FIGURES = List.of("fig-tsne-grid", "fig-rho-vs-x", "fig-stability",
      "fig-dec-tradeoff", "fig-best-k");

  /**
   * Which config keys span the figures.
   *
   * @param rows    key whose values are the grid rows (e.g. readout type), or null for one row
   * @param columns key whose values are the grid columns and the x axis (e.g. γ), or null
   * @param lambda  key of the DEC weight, or null (then the DEC record's λ is used)
   */
  public record Axes(String rows, String columns, String lambda) {}

  private SweepReport() {}

  static boolean numeric(String s) {
    if (s == null) {
      return false;
    }
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Numbers by value, then text. */
  static final Comparator<String> VALUE_ORDER = (a, b) -> {
    boolean na = numeric(a);
    boolean nb = numeric(b);
    if (na && nb) {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  };

  /**
   * Axes from the config (any may be null) or detected: rows = a varied non-numeric key (prefer "readout"),
   * columns = a varied numeric key (prefer "gamma"; never seeds or λ), λ = a varied key containing "lambda".
   */
  public static Axes axes(List<ExperimentSummary> s, String rows, String columns, String lambda) {
    for (String k : new String[] {rows, columns, lambda}) {
      if (k != null && s.stream().noneMatch(x -> x.config().containsKey(k))) {
        throw new IllegalArgumentException("sweep axis key '" + k + "' is not a config key of any experiment; "
            + "known keys include " + s.get(0).config().keySet());
      }
    }
    List<String> varied = SweepTable.variedKeys(s);
    if (lambda == null) {
      lambda = varied.stream().filter(k -> k.toLowerCase(Locale.ROOT).contains("lambda"))
          .min(Comparator.comparing((String k) -> !k.startsWith("dec.")).thenComparing(k -> k)).orElse(null);
    }
    String lam = lambda;
    if (rows == null) {
      rows = varied.stream().filter(k -> s.stream().anyMatch(x -> !numeric(x.config().get(k))))
          .filter(k -> !k.equals(lam))
          .min(Comparator.comparing((String k) -> !k.contains("readout")).thenComparing(k -> k)).orElse(null);
    }
    String r = rows;
    if (columns == null) {
      columns = varied.stream().filter(k -> s.stream().allMatch(x -> numeric(x.config().get(k))))
          .filter(k -> !k.equals(lam) && !k.equals(r) && !k.equals("seed") && !k.endsWith(".seed"))
          .min(Comparator.comparing((String k) -> !k.contains("gamma")).thenComparing(k -> k)).orElse(null);
    }
    return new Axes(rows, columns, lambda);
  }

  public static void write(Path file, String title, List<ExperimentSummary> s, Axes axes) throws IOException {
    Files.writeString(file, render(title, s, axes), StandardCharsets.UTF_8);
  }

  /**
   * Read every {@code summary.json} given, and write {@code sweep.html} and {@code sweep.csv} into {@code dir}.
   * Axis keys may be null (detected); they are the {@code evaluation.sweep_rows/sweep_columns/sweep_lambda} keys.
   *
   * @return the HTML file
   */
  public static Path writeAll(Path dir, String title, List<Path> summaryFiles, String rows, String columns,
      String lambda) throws IOException {
    List<ExperimentSummary> s = new ArrayList<>();
    for (Path p : summaryFiles) {
      s.add(ExperimentSummary.read(p));
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("sweep report: no summary.json files given");
    }
    Files.createDirectories(dir);
    SweepTable.write(dir.resolve("sweep.csv"), s);
    CrossSeedStability.write(dir.resolve("stability.csv"), CrossSeedStability.compute(s));
    Path html = dir.resolve("sweep.html");
    write(html, title, s, axes(s, rows, columns, lambda));
    return html;
  }

  private static String v(ExperimentSummary x, String key) {
    return key == null ? "" : Objects.toString(x.config().get(key), "");
  }

  private static Double rho(ExperimentSummary x) {
    return x.rhoStTest() != null ? x.rhoStTest() : x.rhoStVal();
  }

  private static double lambdaOf(ExperimentSummary x, Axes a) {
    if (a.lambda() != null && numeric(x.config().get(a.lambda()))) {
      return Double.parseDouble(x.config().get(a.lambda()));
    }
    return x.dec() != null && x.dec().lambda() != null ? x.dec().lambda() : Double.NaN;
  }

  public static String render(String title, List<ExperimentSummary> in, Axes a) {
    if (in.isEmpty()) {
      throw new IllegalArgumentException("sweep report needs at least one experiment summary");
    }
    List<ExperimentSummary> s = new ArrayList<>(in);
    s.sort(Comparator.comparing(ExperimentSummary::runId));
    StringBuilder h = new StringBuilder(1 << 16);
    h.append(Html.head("cortexclust sweep — " + title, s.size() + " experiments · rows: <code>"
        + esc(a.rows() == null ? "—" : a.rows()) + "</code> · columns: <code>" + esc(a.columns() == null ? "—" : a.columns())
        + "</code> · DEC weight: <code>" + esc(a.lambda() == null ? "—" : a.lambda()) + "</code>"));
    answers(h, s, a);
    h.append("<h2>Figures</h2>\n<div class=\"figs\">\n");
    tsneGrid(h, s, a);
    rhoVsX(h, s, a);
    stability(h, CrossSeedStability.compute(s));
    decTradeoff(h, s, a);
    bestK(h, s, a);
    h.append("</div>\n");
    table(h, s);
    h.append(Html.tail("Each experiment's numbers come from its summary.json (evaluation artifact). "
        + "Generated by cortexclust-evaluation."));
    return h.toString();
  }

  private static void answers(StringBuilder h, List<ExperimentSummary> s, Axes a) {
    h.append("<h2>Answers</h2>\n<div class=\"cards\">\n");
    // Average over runs that differ only in seed keys, so one lucky seed does not win.
    Map<String, List<ExperimentSummary>> configs = new TreeMap<>();
    for (ExperimentSummary x : s) {
      if (rho(x) != null) {
        TreeMap<String, String> key = new TreeMap<>(x.config());
        key.keySet().removeIf(k -> CrossSeedStability.isSeedKey(k) || k.equals("name"));
        configs.computeIfAbsent(key.toString(), y -> new ArrayList<>()).add(x);
      }
    }
    List<ExperimentSummary> best = configs.values().stream()
        .max(Comparator.comparingDouble(l -> l.stream().mapToDouble(SweepReport::rho).average().orElse(-1)))
        .orElse(null);
    h.append("<div class=\"card\"><div class=\"q\">Which configuration predicts best?</div>");
    if (best == null) {
      h.append("<div class=\"a no\">no ρ_st</div>");
    } else {
      double[] v = best.stream().mapToDouble(SweepReport::rho).toArray();
      double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
      double sd = v.length > 1 ? Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum()
          / (v.length - 1)) : Double.NaN;
      h.append("<div class=\"a\">ρ<sub>st</sub> = ").append(num(mean, 3)).append("</div><p>")
          .append(esc(describe(best.get(0), a)));
      if (v.length > 1) {
        h.append(" — mean of ").append(v.length).append(" seeds (sd ").append(num(sd, 2)).append(")");
      }
      h.append(".</p>");
    }
    h.append("</div>\n");
    if (a.columns() != null) {
      h.append("<div class=\"card\"><div class=\"q\">How does ").append(esc(a.columns()))
          .append(" shape performance?</div><p>");
      for (var e : groups(s, a.rows()).entrySet()) {
        double[] x = e.getValue().stream().filter(y -> rho(y) != null).mapToDouble(y -> Double.parseDouble(v(y, a.columns()))).toArray();
        double[] y = e.getValue().stream().filter(z -> rho(z) != null).mapToDouble(SweepReport::rho).toArray();
        double sp = x.length >= 3 ? Correlation.spearman(x, y) : Double.NaN;
        h.append("<b>").append(esc(e.getKey().isEmpty() ? "all" : e.getKey())).append("</b>: Spearman ρ(")
            .append(esc(a.columns())).append(", ρ<sub>st</sub>) = ").append(num(sp, 2)).append(" over ")
            .append(x.length).append(" runs<br>");
      }
      h.append("</p></div>\n");
    }
    List<ExperimentSummary> withDec = s.stream().filter(x -> x.dec() != null && x.dec().rhoStChange() != null).toList();
    h.append("<div class=\"card\"><div class=\"q\">What does DEC cost, per λ?</div>");
    if (withDec.isEmpty()) {
      h.append("<div class=\"a no\">no DEC runs</div>");
    } else {
      String gain = gainMetric(withDec);
      ExperimentSummary top = withDec.stream().filter(x -> Math.abs(x.dec().rhoStChange()) <= 0.005)
          .filter(x -> gain != null && x.dec().qualityGain().get(gain) != null)
          .max(Comparator.comparing(x -> x.dec().qualityGain().get(gain))).orElse(null);
      if (top != null) {
        h.append("<div class=\"a\">λ = ").append(num(lambdaOf(top, a), 3)).append("</div><p>Largest ")
            .append(esc(gain)).append(" gain (").append(num(top.dec().qualityGain().get(gain), 3))
            .append(") among runs that keep |Δρ<sub>st</sub>| ≤ 0.005: ").append(esc(describe(top, a))).append(".</p>");
      } else {
        h.append("<div class=\"a weak\">no run within |Δρ<sub>st</sub>| ≤ 0.005 with a gain</div>");
      }
      h.append("<p class=\"note\">").append(withDec.size()).append(" DEC runs; see the trade-off figure.</p>");
    }
    h.append("</div>\n");
    h.append("</div>\n");
  }

  static String gainMetric(List<ExperimentSummary> withDec) {
    TreeMap<String, Integer> count = new TreeMap<>();
    withDec.forEach(x -> x.dec().qualityGain().keySet().forEach(k -> count.merge(k, 1, Integer::sum)));
    if (count.containsKey("ARI vs truth")) {
      return "ARI vs truth";
    }
    if (count.containsKey("silhouette")) {
      return "silhouette";
    }
    return count.isEmpty() ? null : count.firstKey();
  }

  private static String describe(ExperimentSummary x, Axes a) {
    List<String> parts = new ArrayList<>();
    for (String k : new String[] {a.rows(), a.columns(), a.lambda()}) {
      if (k != null) {
        parts.add(k + " = " + v(x, k));
      }
    }
    return parts.isEmpty() ? x.title() : String.join(", ", parts);
  }

  private static TreeMap<String, List<ExperimentSummary>> groups(List<ExperimentSummary> s, String key) {
    TreeMap<String, List<ExperimentSummary>> g = new TreeMap<>(VALUE_ORDER);
    for (ExperimentSummary x : s) {
      g.computeIfAbsent(v(x, key), y -> new ArrayList<>()).add(x);
    }
    return g;
  }

  private static void tsneGrid(StringBuilder h, List<ExperimentSummary> s, Axes a) {
    List<ExperimentSummary> withMap = s.stream().filter(x -> x.preview() != null && x.preview().hasTsne()).toList();
    if (withMap.isEmpty()) {
      h.append("<figure id=\"fig-tsne-grid\" class=\"absent\"><p class=\"note\">No t-SNE previews in the summaries."
          + "</p></figure>\n");
      return;
    }
    TreeSet<String> rows = new TreeSet<>(VALUE_ORDER);
    TreeSet<String> cols = new TreeSet<>(VALUE_ORDER);
    Map<String, ExperimentSummary> cell = new LinkedHashMap<>();
    Map<String, Integer> count = new TreeMap<>();
    for (ExperimentSummary x : withMap) {
      rows.add(v(x, a.rows()));
      cols.add(v(x, a.columns()));
      String key = v(x, a.rows()) + "\u0000" + v(x, a.columns());
      cell.putIfAbsent(key, x);
      count.merge(key, 1, Integer::sum);
    }
    int size = cols.size() <= 4 ? 250 : cols.size() <= 6 ? 185 : 150;
    StringBuilder b = new StringBuilder("<table class=\"grid\" style=\"width:auto\"><tr><th>")
        .append(esc(a.rows() == null ? "" : a.rows()))
        .append("</th>");
    for (String c : cols) {
      b.append("<th style=\"text-align:center\">").append(esc(a.columns() == null ? "" : shortKey(a.columns()) + " = " + c))
          .append("</th>");
    }
    b.append("</tr>");
    for (String r : rows) {
      b.append("<tr><th>").append(esc(r)).append("</th>");
      for (String c : cols) {
        ExperimentSummary x = cell.get(r + "\u0000" + c);
        b.append("<td style=\"padding:2px\">");
        if (x != null) {
          ExperimentSummary.Preview p = x.preview();
          int[] pl = p.labels().get(p.column());
          int n = p.x().length;
          double[][] xy = new double[n][2];
          int[] idx = new int[n];
          TreeSet<Integer> ids = new TreeSet<>();
          for (int i = 0; i < n; i++) {
            xy[i][0] = p.x()[i];
            xy[i][1] = p.y()[i];
            idx[i] = i;
            if (pl[i] >= 0) {
              ids.add(pl[i]);
            }
          }
          List<Integer> idList = new ArrayList<>(ids);
          int[] cls = new int[n];
          for (int i = 0; i < n; i++) {
            cls[i] = pl[i] < 0 ? -1 : idList.indexOf(pl[i]);
          }
          List<String> names = idList.stream().map(String::valueOf).toList();
          String extra = count.get(r + "\u0000" + c) > 1 ? " (1 of " + count.get(r + "\u0000" + c) + " runs)" : "";
          String note = p.column() + (rho(x) == null ? "" : ", ρ_st " + num(rho(x), 3)) + extra;
          b.append(HtmlReport.tsneChart(xy, idx, cls, names, "", note, size, size, false, size < 200 ? 1.1 : 1.5));
        }
        b.append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</table>");
    h.append("<figure id=\"fig-tsne-grid\" class=\"wide\"><div class=\"scroll\">").append(b)
        .append("</div><figcaption><b>Embedding landscape across the sweep.</b> t-SNE preview of each run, "
            + "coloured by its k-means clusters (best-silhouette k unless configured); one map per ")
        .append(esc(String.valueOf(a.rows()))).append(" × ").append(esc(String.valueOf(a.columns())))
        .append(". Where several runs (e.g. seeds) share a cell, the first run id is shown.</figcaption></figure>\n");
  }

  private static void rhoVsX(StringBuilder h, List<ExperimentSummary> s, Axes a) {
    if (a.columns() == null) {
      h.append("<figure id=\"fig-rho-vs-x\" class=\"absent\"><p class=\"note\">No numeric sweep key for the x axis."
          + "</p></figure>\n");
      return;
    }
    var g = groups(s, a.rows());
    boolean log = s.stream().allMatch(x -> Double.parseDouble(v(x, a.columns())) > 0)
        && ratio(s, a.columns()) >= 100;
    Chart c = new Chart(560, 330).title("ρ_st against " + a.columns()).xLabel(a.columns()).yLabel("test ρ_st")
        .xLog(log);
    int i = 0;
    for (var e : g.entrySet()) {
      String colour = Palette.categorical(i++, g.size());
      TreeMap<Double, List<Double>> by = new TreeMap<>();
      for (ExperimentSummary x : e.getValue()) {
        if (rho(x) != null) {
          by.computeIfAbsent(Double.parseDouble(v(x, a.columns())), y -> new ArrayList<>()).add(rho(x));
        }
      }
      double[] xs = by.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] mean = by.values().stream().mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)).toArray();
      c.line(xs, mean, colour, e.getKey().isEmpty() ? "all runs" : e.getKey(), false, false);
      List<Double> px = new ArrayList<>();
      List<Double> py = new ArrayList<>();
      by.forEach((x, l) -> l.forEach(y -> {
        px.add(x);
        py.add(y);
      }));
      c.points(px.stream().mapToDouble(Double::doubleValue).toArray(), py.stream().mapToDouble(Double::doubleValue).toArray(),
          colour, 3.5, null);
    }
    h.append("<figure id=\"fig-rho-vs-x\">").append(c.render()).append("<figcaption><b>How ").append(esc(a.columns()))
        .append(" shapes predictive performance.</b> Dots: runs; line: mean per value, one line per ")
        .append(esc(String.valueOf(a.rows()))).append(".</figcaption></figure>\n");
  }

  /** Last segment of a dotted key ({@code training.gamma} → {@code gamma}). */
  static String shortKey(String key) {
    int d = key.lastIndexOf('.');
    return d >= 0 ? key.substring(d + 1) : key;
  }

  private static void stability(StringBuilder h, List<CrossSeedStability.Row> rows) {
    if (rows.isEmpty()) {
      h.append("<figure id=\"fig-stability\" class=\"absent\"><p class=\"note\">Consistency across seeds: no "
          + "configuration was run with several seeds on the same dataset.</p></figure>\n");
      return;
    }
    TreeMap<String, List<CrossSeedStability.Row>> byMethod = new TreeMap<>();
    rows.forEach(r -> byMethod.computeIfAbsent(r.method(), x -> new ArrayList<>()).add(r));
    StringBuilder b = new StringBuilder("<div class=\"multi\">");
    for (var m : byMethod.entrySet()) {
      TreeMap<String, TreeMap<Integer, CrossSeedStability.Row>> byGroup = new TreeMap<>(VALUE_ORDER);
      m.getValue().forEach(r -> byGroup.computeIfAbsent(r.group(), x -> new TreeMap<>()).put(r.k(), r));
      Chart c = new Chart(820, 330).title("Consistency across seeds: " + m.getKey()).xLabel("k (clusters)")
          .yLabel("mean pairwise ARI").integerX(true);
      int i = 0;
      for (var g : byGroup.entrySet()) {
        String colour = Palette.categorical(i++, byGroup.size());
        double[] ks = g.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] ari = g.getValue().values().stream().mapToDouble(CrossSeedStability.Row::meanAri).toArray();
        c.line(ks, ari, colour, g.getKey(), true, false);
      }
      b.append(c.render());
    }
    b.append("</div>");
    int runs = rows.stream().mapToInt(CrossSeedStability.Row::runs).max().orElse(0);
    h.append("<figure id=\"fig-stability\" class=\"wide\">").append(b)
        .append("<figcaption><b>Do the clusters come back with another training seed?</b> Mean adjusted Rand index "
            + "between the labels of runs that differ only in seed keys (up to ").append(runs)
        .append(" runs per configuration), on the same ").append(rows.get(0).neurons())
        .append(" preview neurons. For reference, DECEMber reports 0.50 (k = 2) falling to 0.14 (k = 50) across 3 seeds "
            + "in mouse V1, and about half that for a GMM on baseline embeddings. "
            + "Table: stability.csv.</figcaption></figure>\n");
  }

  private static double ratio(List<ExperimentSummary> s, String key) {
    double lo = s.stream().mapToDouble(x -> Double.parseDouble(v(x, key))).min().orElse(1);
    double hi = s.stream().mapToDouble(x -> Double.parseDouble(v(x, key))).max().orElse(1);
    return lo > 0 ? hi / lo : 0;
  }

  private static void decTradeoff(StringBuilder h, List<ExperimentSummary> s, Axes a) {
    List<ExperimentSummary> d = s.stream().filter(x -> x.dec() != null && x.dec().rhoStChange() != null).toList();
    String gain = d.isEmpty() ? null : gainMetric(d);
    if (gain == null) {
      h.append("<figure id=\"fig-dec-tradeoff\" class=\"absent\"><p class=\"note\">No DEC runs with before/after "
          + "numbers in this sweep.</p></figure>\n");
      return;
    }
    TreeSet<Double> lambdas = new TreeSet<>();
    d.forEach(x -> lambdas.add(lambdaOf(x, a)));
    List<Double> lam = new ArrayList<>(lambdas);
    Chart c = new Chart(560, 340).title("DEC trade-off: " + gain + " gain vs ρ_st change")
        .xLabel("Δ test ρ_st (after − before)").yLabel(gain + " gain");
    for (int i = 0; i < lam.size(); i++) {
      double l = lam.get(i);
      List<ExperimentSummary> at = d.stream().filter(x -> Double.compare(lambdaOf(x, a), l) == 0
          && x.dec().qualityGain().get(gain) != null).toList();
      c.points(at.stream().mapToDouble(x -> x.dec().rhoStChange()).toArray(),
          at.stream().mapToDouble(x -> x.dec().qualityGain().get(gain)).toArray(),
          Palette.categorical(i, lam.size()), 5, "λ = " + num(l, 3));
    }
    // Mean trade-off curve ordered by λ.
    double[] mx = new double[lam.size()];
    double[] my = new double[lam.size()];
    for (int i = 0; i < lam.size(); i++) {
      double l = lam.get(i);
      mx[i] = d.stream().filter(x -> Double.compare(lambdaOf(x, a), l) == 0).mapToDouble(x -> x.dec().rhoStChange())
          .average().orElse(Double.NaN);
      my[i] = d.stream().filter(x -> Double.compare(lambdaOf(x, a), l) == 0 && x.dec().qualityGain().get(gain) != null)
          .mapToDouble(x -> x.dec().qualityGain().get(gain)).average().orElse(Double.NaN);
    }
    c.line(mx, my, "#555555", "mean, by λ", false, true);
    StringBuilder body = new StringBuilder("<div class=\"multi\">").append(c.render());
    boolean positive = lam.stream().allMatch(l -> l > 0);
    if (lam.size() > 1) {
      double[] lx = lam.stream().mapToDouble(Double::doubleValue).toArray();
      body.append(new Chart(400, 340).title("ρ_st change and " + gain + " gain by λ").xLabel("λ")
          .xLog(positive && lx[lx.length - 1] / lx[0] >= 100).yLabel("change")
          .line(lx, mx, "#D55E00", "Δ test ρ_st", true, false).line(lx, my, "#0072B2", gain + " gain", true, false)
          .hline(0, "#999", null).render());
    }
    body.append("</div>");
    h.append("<figure id=\"fig-dec-tradeoff\" class=\"wide\">").append(body)
        .append("<figcaption><b>DEC: clustering gain against predictive cost.</b> One dot per DEC run, coloured by λ; "
            + "up-and-right of (0, 0) is a free gain; the anchor papers keep |Δρ<sub>st</sub>| ≤ 0.005.</figcaption>"
            + "</figure>\n");
  }

  private static void bestK(StringBuilder h, List<ExperimentSummary> s, Axes a) {
    List<String> cols = SweepTable.bestKColumns(s);
    if (cols.isEmpty()) {
      h.append("<figure id=\"fig-best-k\" class=\"absent\"><p class=\"note\">No k-selection results.</p></figure>\n");
      return;
    }
    StringBuilder b = new StringBuilder();
    if (a.columns() != null) {
      Chart c = new Chart(760, 320).title("Best k against " + a.columns()).xLabel(a.columns()).yLabel("best k")
          .xLog(s.stream().allMatch(x -> Double.parseDouble(v(x, a.columns())) > 0) && ratio(s, a.columns()) >= 100);
      var g = groups(s, a.rows());
      // Headline criteria only (the table below has every one): silhouette, stability, BIC, gap; no truth checks.
      List<String> chartCols = cols.stream().filter(col -> !col.endsWith("_gt")).filter(col -> {
        String m = col.substring(col.lastIndexOf('.') + 1);
        return m.equals("silhouette") || m.startsWith("stability") || m.equals("bic") || m.equals("gap");
      }).limit(Math.max(1, 8 / Math.max(1, g.size()))).toList();
      if (chartCols.isEmpty()) {
        chartCols = cols.subList(0, Math.min(2, cols.size()));
      }
      List<String> series = new ArrayList<>();
      for (var e : g.entrySet()) {
        for (String col : chartCols) {
          series.add(e.getKey() + "\u0000" + col);
        }
      }
      int i = 0;
      for (var e : g.entrySet()) {
        for (String col : chartCols) {
          TreeMap<Double, List<Integer>> by = new TreeMap<>();
          for (ExperimentSummary x : e.getValue()) {
            String kv = SweepTable.row(x).get(col);
            if (kv != null && !kv.isEmpty()) {
              by.computeIfAbsent(Double.parseDouble(v(x, a.columns())), y -> new ArrayList<>()).add(Integer.parseInt(kv));
            }
          }
          double[] xs = by.keySet().stream().mapToDouble(Double::doubleValue).toArray();
          double[] ys = by.values().stream().mapToDouble(l -> l.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN)).toArray();
          String label = (e.getKey().isEmpty() ? "" : e.getKey() + " · ") + col.substring("best_k.".length());
          c.line(xs, ys, Palette.categorical(i, series.size()), label, true, i % 2 == 1);
          i++;
        }
      }
      b.append(c.render());
    }
    b.append("<div class=\"scroll\"><table><thead><tr><th>run</th>");
    List<String> varied = SweepTable.variedKeys(s);
    varied.forEach(k -> b.append("<th>").append(esc(k)).append("</th>"));
    cols.forEach(k -> b.append("<th class=\"num\">").append(esc(k.substring("best_k.".length()))).append("</th>"));
    b.append("</tr></thead><tbody>");
    for (ExperimentSummary x : s) {
      Map<String, String> r = SweepTable.row(x);
      b.append("<tr><td><code>").append(esc(x.runId())).append("</code></td>");
      varied.forEach(k -> b.append("<td>").append(esc(v(x, k))).append("</td>"));
      cols.forEach(k -> b.append("<td class=\"num\">").append(esc(r.getOrDefault(k, ""))).append("</td>"));
      b.append("</tr>");
    }
    b.append("</tbody></table></div>");
    h.append("<figure id=\"fig-best-k\" class=\"wide\">").append(b)
        .append("<figcaption><b>Best number of clusters per configuration</b>, by each criterion the clustering "
            + "stage reported.</figcaption></figure>\n");
  }

  private static void table(StringBuilder h, List<ExperimentSummary> s) {
    List<String> varied = SweepTable.variedKeys(s);
    List<String> metrics = List.of("rho_st_val", "rho_st_test", "corr_to_avg", "primary", "primary_kw_epsilon2",
        "primary_mi_bits", "primary_ari", "dec_lambda", "dec_rho_st_change", "seconds_total");
    h.append("<h2>Every point</h2>\n<div class=\"scroll\"><table id=\"tab-sweep\"><thead><tr><th>run</th>");
    varied.forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
    metrics.forEach(k -> h.append("<th class=\"num\">").append(esc(k)).append("</th>"));
    h.append("</tr></thead><tbody>\n");
    for (ExperimentSummary x : s) {
      Map<String, String> r = SweepTable.row(x);
      h.append("<tr><td><code>").append(esc(x.runId())).append("</code></td>");
      varied.forEach(k -> h.append("<td>").append(esc(v(x, k))).append("</td>"));
      for (String k : metrics) {
        String val = r.getOrDefault(k, "");
        h.append("<td class=\"num\">").append(esc(numeric(val) ? num(Double.parseDouble(val), 3) : val)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n<p class=\"note\">Full table with every config key: sweep.csv.</p>\n");
  }
}
