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
import org.cortexclust.evaluation.report.ExperimentAnalysis;
import org.cortexclust.evaluation.report.ExperimentSummary;
import org.cortexclust.evaluation.stats.Bootstrap;
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
    rows = rows != null ? rows : configured(s, "evaluation.sweep_rows");
    columns = columns != null ? columns : configured(s, "evaluation.sweep_columns");
    lambda = lambda != null ? lambda : configured(s, "evaluation.sweep_lambda");
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

  /** An axis key the runs' own config names ({@code evaluation.sweep_*}), when they all agree on it. */
  static String configured(List<ExperimentSummary> s, String key) {
    TreeSet<String> v = new TreeSet<>();
    s.forEach(x -> v.add(String.valueOf(x.config().get(key))));
    String only = v.size() == 1 ? v.first() : null;
    return only == null || only.equals("null") || only.isEmpty() ? null : only;
  }

  /**
   * Runs on the main grid of the axes: those whose other varied non-seed keys (not rows, columns or λ) take their
   * most common value within their row — extra points (e.g. a core regulariser changed at one γ) are answered apart,
   * while a key that goes with the row (a grid predictor on for the Gaussian readout only) keeps its row on the grid.
   */
  static List<ExperimentSummary> onGrid(List<ExperimentSummary> s, Axes a) {
    Map<String, Map<String, String>> modal = new TreeMap<>(); // row value -> key -> most common value
    for (String k : offAxis(s, a)) {
      Map<String, Map<String, Integer>> count = new TreeMap<>();
      s.forEach(x -> count.computeIfAbsent(v(x, a.rows()), r -> new TreeMap<>()).merge(v(x, k), 1, Integer::sum));
      count.forEach((row, c) -> modal.computeIfAbsent(row, r -> new TreeMap<>())
          .put(k, c.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
    }
    return s.stream().filter(x -> modal.getOrDefault(v(x, a.rows()), Map.of()).entrySet().stream()
        .allMatch(e -> v(x, e.getKey()).equals(e.getValue()))).toList();
  }

  static List<String> offAxis(List<ExperimentSummary> s, Axes a) {
    return SweepTable.variedKeys(s).stream().filter(k -> !CrossSeedStability.isSeedKey(k)
        && !k.equals(a.rows()) && !k.equals(a.columns()) && !k.equals(a.lambda())).toList();
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

  /** Runs grouped by configuration: identical config apart from seed keys and the name. */
  static Map<String, List<ExperimentSummary>> configGroups(List<ExperimentSummary> s) {
    Map<String, List<ExperimentSummary>> configs = new TreeMap<>();
    for (ExperimentSummary x : s) {
      TreeMap<String, String> key = new TreeMap<>(x.config());
      key.keySet().removeIf(k -> CrossSeedStability.isSeedKey(k) || k.equals("name"));
      configs.computeIfAbsent(key.toString(), y -> new ArrayList<>()).add(x);
    }
    return configs;
  }

  /** The varied non-seed config values of a run, e.g. "readout.type=gaussian, gamma_readout=0.5". */
  static String configLabel(ExperimentSummary x, List<String> varied) {
    List<String> parts = new ArrayList<>();
    varied.stream().filter(k -> !CrossSeedStability.isSeedKey(k))
        .forEach(k -> parts.add(shortKey(k) + " = " + x.config().getOrDefault(k, "")));
    return parts.isEmpty() ? "the one configuration" : String.join(", ", parts);
  }

  static double[] values(List<ExperimentSummary> l, java.util.function.Function<ExperimentSummary, Double> f) {
    return l.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
  }

  static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  static double sd(double[] v) {
    double m = mean(v);
    return v.length > 1 ? Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1))
        : Double.NaN;
  }

  /** "0.281 ± 0.004 (n = 3 seeds)". */
  static String meanSd(double[] v, int digits) {
    return num(mean(v), digits) + (v.length > 1 ? " ± " + num(sd(v), 2) : "") + " (n = " + v.length
        + (v.length == 1 ? " seed)" : " seeds)");
  }

  /** The seed the sweep's bootstrap intervals start from: the runs' common config seed when they share one, else 0. */
  static long seedOf(List<ExperimentSummary> s) {
    TreeSet<String> seeds = new TreeSet<>();
    s.forEach(x -> seeds.add(String.valueOf(x.config().get("seed"))));
    try {
      return Long.parseLong(seeds.first());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The chosen configuration: best mean validation ρ_st. Returns [chosen, test-best] group keys (null when none). */
  static String[] choose(Map<String, List<ExperimentSummary>> configs) {
    String byVal = null;
    String byTest = null;
    double bv = Double.NEGATIVE_INFINITY;
    double bt = Double.NEGATIVE_INFINITY;
    for (var e : configs.entrySet()) {
      double v = mean(values(e.getValue(), ExperimentSummary::rhoStVal));
      double t = mean(values(e.getValue(), ExperimentSummary::rhoStTest));
      if (v > bv) {
        bv = v;
        byVal = e.getKey();
      }
      if (t > bt) {
        bt = t;
        byTest = e.getKey();
      }
    }
    return new String[] {byVal, byTest};
  }

  private static void answers(StringBuilder h, List<ExperimentSummary> s, Axes a) {
    h.append("<h2>Answers</h2>\n<p class=\"note\">Every choice below is made on validation ρ<sub>st</sub> or on a "
        + "criterion that needs no ground truth, and the chosen item is then reported on test once. Intervals are "
        + "over the seeds of a configuration unless said otherwise: Student's t (one sample) or Welch's t (two) below ")
        .append(Bootstrap.SMALL).append(" seeds, else the percentile bootstrap (").append(Bootstrap.RESAMPLES)
        .append(" resamples, seeded from the config seed ").append(seedOf(s)).append("); each card states its "
            + "correction for multiple comparisons. \"Better\"/\"worse\" only when the interval excludes zero."
            + "</p>\n<div class=\"cards\">\n");
    long seed = seedOf(s);
    List<String> varied = SweepTable.variedKeys(s);
    Map<String, List<ExperimentSummary>> configs = configGroups(s);
    // 1. best configuration: chosen on validation, reported on test
    h.append("<div class=\"card\" id=\"ans-best-config\"><div class=\"q\">Which configuration predicts best?</div>");
    String[] pick = choose(configs);
    if (pick[0] == null) {
      h.append("<div class=\"a no\">no validation ρ<sub>st</sub>: nothing to choose on</div>");
    } else {
      List<ExperimentSummary> best = configs.get(pick[0]);
      double[] test = values(best, ExperimentSummary::rhoStTest);
      double[] val = values(best, ExperimentSummary::rhoStVal);
      Bootstrap.Interval ti = Bootstrap.mean(test, 0.95, seed, "seeds");
      h.append("<div class=\"a\">test ρ<sub>st</sub> = ").append(esc(ti.text(3).replace("+", ""))).append("</div><p><b>")
          .append(esc(configLabel(best.get(0), varied))).append("</b>, chosen on validation ρ<sub>st</sub> (")
          .append(esc(meanSd(val, 3))).append(configs.size() == 1 ? " — the only configuration" : " — the best mean of "
              + configs.size() + " configurations").append("); its test ρ<sub>st</sub> is reported once: ").append(esc(meanSd(test, 3)))
          .append(", ").append(esc(ti.describe())).append(".</p>");
      // runner-up on validation and the test difference to it
      String second = null;
      double sv = Double.NEGATIVE_INFINITY;
      for (var e : configs.entrySet()) {
        double v = mean(values(e.getValue(), ExperimentSummary::rhoStVal));
        if (!e.getKey().equals(pick[0]) && v > sv) {
          sv = v;
          second = e.getKey();
        }
      }
      if (second != null) {
        Bootstrap.Interval d = Bootstrap.difference(test, values(configs.get(second), ExperimentSummary::rhoStTest),
            0.95, seed + 1, "seeds");
        h.append("<p>Against the runner-up on validation (").append(esc(configLabel(configs.get(second).get(0), varied)))
            .append("): Δ test ρ<sub>st</sub> = ").append(esc(d.text(2))).append(", ").append(esc(d.describe()))
            .append(" — ").append(Bootstrap.Verdict.of(d) == Bootstrap.Verdict.NO_CLEAR_CHANGE ? "no clear difference"
                : Bootstrap.Verdict.of(d) == Bootstrap.Verdict.BETTER ? "clearly better" : "clearly worse")
            .append(".</p>");
      }
      if (pick[1] != null && !pick[1].equals(pick[0])) {
        h.append("<p class=\"note\" id=\"test-best-differs\">The configuration with the best mean <i>test</i> ρ<sub>st</sub> is ")
            .append(esc(configLabel(configs.get(pick[1]).get(0), varied))).append(" (")
            .append(esc(meanSd(values(configs.get(pick[1]), ExperimentSummary::rhoStTest), 3)))
            .append("); it is not the answer, because choosing on test would make the reported number optimistic.</p>");
      }
      h.append("<p class=\"note\">One comparison; no correction needed.</p>");
    }
    h.append("</div>\n");
    // 2. the column key (γ) against performance and structure, per row group, mean over seeds
    if (a.columns() != null) {
      List<ExperimentSummary> grid = onGrid(s, a);
      perColumn(h, grid, a, seed, "How does " + a.columns() + " shape performance?", "ans-rho-vs-x",
          ExperimentSummary::rhoStTest, "test ρ<sub>st</sub>");
      if (s.stream().anyMatch(x -> x.structure() != null)) {
        perColumn(h, grid, a, seed + 2, "Does " + a.columns() + " create structure (high-density modes)?",
            "ans-structure", x -> x.structure() == null ? null : x.structure().estimate(), "structure index");
      }
    }
    variations(h, s, a, configs, seed + 6);
    consistency(h, CrossSeedStability.compute(s), seed + 3);
    decPerLambda(h, s, a, seed + 4);
    truth(h, s, a, seed + 5);
    h.append("</div>\n");
  }

  /** Per row group and column value: mean ± sd over seeds with an interval, and Spearman over the runs. */
  private static void perColumn(StringBuilder h, List<ExperimentSummary> s, Axes a, long seed, String question,
      String id, java.util.function.Function<ExperimentSummary, Double> f, String what) {
    var g = groups(s, a.rows());
    int m = 0;
    for (var e : g.entrySet()) {
      m += (int) e.getValue().stream().map(x -> v(x, a.columns())).distinct().count();
    }
    double level = Bootstrap.bonferroni(0.05, Math.max(1, m));
    double spLevel = Bootstrap.bonferroni(0.05, g.size());
    h.append("<div class=\"card\" id=\"").append(id).append("\"><div class=\"q\">").append(esc(question))
        .append("</div><table class=\"mini\"><tr><th>").append(esc(a.rows() == null ? "" : shortKey(a.rows())))
        .append("</th><th>").append(esc(shortKey(a.columns()))).append("</th><th class=\"num\">").append(what)
        .append(" mean ± sd</th><th class=\"num\">interval</th><th>n</th></tr>");
    StringBuilder trend = new StringBuilder();
    int i = 0;
    for (var e : g.entrySet()) {
      TreeMap<String, List<ExperimentSummary>> byX = new TreeMap<>(VALUE_ORDER);
      e.getValue().forEach(x -> byX.computeIfAbsent(v(x, a.columns()), y -> new ArrayList<>()).add(x));
      for (var c : byX.entrySet()) {
        double[] y = values(c.getValue(), f);
        Bootstrap.Interval iv = Bootstrap.mean(y, level, seed + 17L * i++, "seeds");
        h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(c.getKey()))
            .append("</td><td class=\"num\">").append(num(mean(y), 3)).append(y.length > 1 ? " ± " + num(sd(y), 2) : "")
            .append("</td><td class=\"num\">").append(iv.hasInterval() ? "[" + num(iv.lo(), 3) + ", " + num(iv.hi(), 3)
                + "]" : "—").append("</td><td>").append(y.length).append("</td></tr>");
      }
      List<double[]> xy = new ArrayList<>();
      for (ExperimentSummary x : e.getValue()) {
        Double y = f.apply(x);
        if (y != null && Double.isFinite(y) && numeric(v(x, a.columns()))) {
          xy.add(new double[] {Double.parseDouble(v(x, a.columns())), y});
        }
      }
      if (xy.size() >= 3) {
        Bootstrap.Interval sp = Bootstrap.statistic(xy.size(), ix -> {
          double[] px = new double[ix.length];
          double[] py = new double[ix.length];
          for (int j = 0; j < ix.length; j++) {
            px[j] = xy.get(ix[j])[0];
            py[j] = xy.get(ix[j])[1];
          }
          return Correlation.spearman(px, py);
        }, spLevel, seed + 991L * i, "runs");
        trend.append("<b>").append(esc(e.getKey().isEmpty() ? "all runs" : e.getKey())).append("</b>: Spearman ρ(")
            .append(esc(shortKey(a.columns()))).append(", ").append(what).append(") = ").append(esc(sp.text(2)))
            .append(", ").append(esc(sp.describe())).append(" — ").append(sp.sign() > 0 ? "rises with "
                + esc(shortKey(a.columns())) : sp.sign() < 0 ? "falls with " + esc(shortKey(a.columns()))
                : "no clear trend").append("<br>");
      }
    }
    h.append("</table><p>").append(trend).append("</p><p class=\"note\">Intervals over seeds, Bonferroni-adjusted "
        + "over the ").append(m).append(" rows (each at ").append(num(100 * level, 3)).append(" %); the Spearman "
            + "intervals resample runs, Bonferroni over ").append(g.size()).append(" groups.")
        .append(what.startsWith("structure") ? " Structure index: best k-means silhouette of the aligned embeddings "
            + "minus that of a Gaussian with their mean and covariance (0 = no more modal than one Gaussian)." : "")
        .append("</p></div>\n");
  }

  /**
   * Each configuration off the main grid (one off-axis key changed, e.g. γ_input at one γ) against the grid
   * configuration it differs from: Δ test ρ_st and Δ structure index, intervals over seeds.
   */
  private static void variations(StringBuilder h, List<ExperimentSummary> s, Axes a,
      Map<String, List<ExperimentSummary>> configs, long seed) {
    List<String> off = offAxis(s, a);
    if (off.isEmpty()) {
      return;
    }
    List<ExperimentSummary> grid = onGrid(s, a);
    List<String[]> pairs = new ArrayList<>();
    for (var e : configs.entrySet()) {
      ExperimentSummary x = e.getValue().get(0);
      if (grid.contains(x)) {
        continue;
      }
      for (var g : configs.entrySet()) {
        ExperimentSummary y = g.getValue().get(0);
        if (!grid.contains(y)) {
          continue;
        }
        List<String> diff = SweepTable.variedKeys(List.of(x, y)).stream().filter(k -> !CrossSeedStability.isSeedKey(k))
            .toList();
        if (diff.size() == 1) {
          pairs.add(new String[] {e.getKey(), g.getKey(), diff.get(0)});
        }
      }
    }
    if (pairs.isEmpty()) {
      return;
    }
    double level = Bootstrap.bonferroni(0.05, 2 * pairs.size());
    h.append("<div class=\"card wide\" id=\"ans-variations\"><div class=\"q\">Do the other settings matter?</div>"
        + "<table class=\"mini\"><tr><th>changed</th><th>at</th><th class=\"num\">Δ test ρ<sub>st</sub> [interval]</th>"
        + "<th></th><th class=\"num\">Δ structure index [interval]</th><th></th><th>seeds</th></tr>");
    int i = 0;
    List<String> varied = SweepTable.variedKeys(s);
    for (String[] p : pairs) {
      List<ExperimentSummary> x = configs.get(p[0]);
      List<ExperimentSummary> y = configs.get(p[1]);
      Bootstrap.Interval dr = Bootstrap.difference(values(x, ExperimentSummary::rhoStTest),
          values(y, ExperimentSummary::rhoStTest), level, seed + 11L * i, "seeds");
      Bootstrap.Interval ds = Bootstrap.difference(values(x, z -> z.structure() == null ? null : z.structure().estimate()),
          values(y, z -> z.structure() == null ? null : z.structure().estimate()), level, seed + 11L * i + 5, "seeds");
      i++;
      h.append("<tr><td>").append(esc(shortKey(p[2]))).append(" ").append(esc(v(y.get(0), p[2]))).append(" → ")
          .append(esc(v(x.get(0), p[2]))).append("</td><td>").append(esc(configLabel(y.get(0), varied.stream()
              .filter(k -> !k.equals(p[2])).toList()))).append("</td><td class=\"num\">").append(esc(dr.text(2)))
          .append("</td><td>").append(Bootstrap.Verdict.of(dr) == Bootstrap.Verdict.NO_CLEAR_CHANGE ? "no clear change"
              : Bootstrap.Verdict.of(dr) == Bootstrap.Verdict.BETTER ? "higher" : "lower").append("</td><td class=\"num\">")
          .append(esc(ds.text(2))).append("</td><td>").append(Bootstrap.Verdict.of(ds) == Bootstrap.Verdict.NO_CLEAR_CHANGE
              ? "no clear change" : Bootstrap.Verdict.of(ds) == Bootstrap.Verdict.BETTER ? "more structure" : "less structure")
          .append("</td><td>").append(Math.min(x.size(), y.size())).append("</td></tr>");
    }
    h.append("</table><p class=\"note\">Each configuration off the main grid against the grid configuration that "
        + "differs from it in that one setting; two-sample bootstrap over seeds, Bonferroni over the ")
        .append(2 * pairs.size()).append(" intervals (each at ").append(num(100 * level, 3)).append(" %).</p></div>\n");
  }

  /** Cross-seed consistency per configuration, method and K, and DEC against k-means and GMM at the same K. */
  private static void consistency(StringBuilder h, List<CrossSeedStability.Row> rows, long seed) {
    h.append("<div class=\"card wide\" id=\"ans-consistency\"><div class=\"q\">Do the clusters come back with "
        + "another training seed?</div>");
    if (rows.isEmpty()) {
      h.append("<div class=\"a no\">no configuration has ≥ 2 seeds</div></div>\n");
      return;
    }
    List<CrossSeedStability.Row> dec = rows.stream().filter(r -> r.method().equals("dec")).toList();
    int m = 0;
    for (CrossSeedStability.Row d : dec) {
      for (String b : List.of("kmeans", "gmm")) {
        if (find(rows, d.group(), b, d.k()) != null) {
          m++;
        }
      }
    }
    double level = Bootstrap.bonferroni(0.05, Math.max(1, m));
    if (!dec.isEmpty()) {
      h.append("<table class=\"mini\"><tr><th>configuration</th><th>K</th><th class=\"num\">DEC ARI</th>"
          + "<th>baseline</th><th class=\"num\">baseline ARI</th><th class=\"num\">DEC − baseline [interval]</th>"
          + "<th>verdict</th><th>seeds</th></tr>");
      int i = 0;
      for (CrossSeedStability.Row d : dec) {
        for (String b : List.of("kmeans", "gmm")) {
          CrossSeedStability.Row base = find(rows, d.group(), b, d.k());
          if (base == null) {
            continue;
          }
          Bootstrap.Interval iv = CrossSeedStability.difference(d, base, level, seed + 13L * i++);
          h.append("<tr><td>").append(esc(d.group())).append("</td><td>").append(d.k()).append("</td><td class=\"num\">")
              .append(ariText(d)).append("</td><td>").append(b)
              .append("</td><td class=\"num\">").append(ariText(base))
              .append("</td><td class=\"num\">").append(esc(iv.text(2))).append("</td><td>")
              .append(Bootstrap.Verdict.of(iv).words()).append("</td><td>").append(iv.n()).append("</td></tr>");
        }
      }
      h.append("</table><p class=\"note\">ARI between the labels of every pair of seeds on the same preview neurons, "
          + "mean ± sd over seed pairs. DEC − baseline: paired over seed pairs, bootstrap over seeds (fewer than 3 seeds: "
          + "no interval, so no verdict); Bonferroni over the ").append(m).append(" comparisons (each at ")
          .append(num(100 * level, 3)).append(" %).</p>");
    }
    h.append("<details><summary>Every method and K (mean ± sd over seed pairs)</summary><table class=\"mini\"><tr>"
        + "<th>configuration</th><th>result</th><th class=\"num\">ARI</th><th>pairs</th><th>neurons</th></tr>");
    for (CrossSeedStability.Row r : rows) {
      h.append("<tr><td>").append(esc(r.group())).append("</td><td><code>").append(esc(r.column()))
          .append("</code></td><td class=\"num\">").append(num(r.meanAri(), 3)).append(r.pairs() > 1 ? " ± "
              + num(r.sdAri(), 2) : "").append("</td><td>").append(r.pairs()).append("</td><td>").append(r.neurons())
          .append("</td></tr>");
    }
    h.append("</table></details><p class=\"note\">Descriptive; no test, hence no correction. Table: stability.csv."
        + "</p></div>\n");
  }

  /** "0.63 ± 0.05 (3 pairs)" or "0.63 (1 pair)". */
  static String ariText(CrossSeedStability.Row r) {
    return num(r.meanAri(), 3) + (r.pairs() > 1 ? " ± " + num(r.sdAri(), 2) : "") + " (" + r.pairs()
        + (r.pairs() == 1 ? " pair)" : " pairs)");
  }

  static CrossSeedStability.Row find(List<CrossSeedStability.Row> rows, String group, String method, int k) {
    for (CrossSeedStability.Row r : rows) {
      if (r.group().equals(group) && r.method().equals(method) && r.k() == k) {
        return r;
      }
    }
    return null;
  }

  /** DEC per λ, averaged over seeds; λ chosen on validation ρ_st and a truth-free gain, reported on test. */
  private static void decPerLambda(StringBuilder h, List<ExperimentSummary> s, Axes a, long seed) {
    List<ExperimentSummary> withDec = s.stream().filter(x -> x.dec() != null && x.dec().rhoStChange() != null).toList();
    h.append("<div class=\"card wide\" id=\"ans-dec\"><div class=\"q\">What does DEC cost, per λ?</div>");
    if (withDec.isEmpty()) {
      h.append("<div class=\"a no\">no DEC runs</div></div>\n");
      return;
    }
    String gain = gainMetric(withDec);
    TreeMap<Double, List<ExperimentSummary>> byLambda = new TreeMap<>();
    withDec.forEach(x -> byLambda.computeIfAbsent(lambdaOf(x, a), y -> new ArrayList<>()).add(x));
    double level = Bootstrap.bonferroni(0.05, byLambda.size());
    h.append("<table class=\"mini\"><tr><th>λ</th><th class=\"num\">Δ validation ρ<sub>st</sub></th>"
        + "<th class=\"num\">Δ test ρ<sub>st</sub> [interval]</th><th class=\"num\">").append(esc(gain == null ? "gain"
            : gain)).append(" gain [interval]</th><th class=\"num\">labels changed</th><th>verdicts (runs)</th>"
                + "<th>seeds</th></tr>");
    Double chosen = null;
    double chosenGain = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (var e : byLambda.entrySet()) {
      List<ExperimentSummary> l = e.getValue();
      double[] dv = values(l, x -> x.dec().rhoStValChange());
      double[] dt = values(l, x -> x.dec().rhoStChange());
      double[] g = gain == null ? new double[0] : values(l, x -> x.dec().qualityGain().get(gain));
      double[] ch = values(l, x -> x.dec().changedFraction());
      Bootstrap.Interval ti = Bootstrap.mean(dt, level, seed + 7L * i, "seeds");
      Bootstrap.Interval gi = Bootstrap.mean(g, level, seed + 7L * i + 3, "seeds");
      i++;
      TreeMap<String, Integer> verdicts = new TreeMap<>();
      l.forEach(x -> verdicts.merge(x.dec().verdict() == null ? "—" : x.dec().verdict(), 1, Integer::sum));
      h.append("<tr><td>").append(num(e.getKey(), 3)).append("</td><td class=\"num\">")
          .append(dv.length == 0 ? "—" : num(mean(dv), 2)).append("</td><td class=\"num\">").append(esc(ti.text(2)))
          .append("</td><td class=\"num\">").append(esc(gi.text(2))).append("</td><td class=\"num\">")
          .append(ch.length == 0 ? "—" : num(100 * mean(ch), 2) + " %").append("</td><td>")
          .append(esc(verdicts.toString().replaceAll("[{}]", ""))).append("</td><td>").append(l.size()).append("</td></tr>");
      if (dv.length > 0 && Math.abs(mean(dv)) <= 0.005 && g.length > 0 && mean(g) > chosenGain) {
        chosenGain = mean(g);
        chosen = e.getKey();
      }
    }
    h.append("</table>");
    if (chosen != null) {
      List<ExperimentSummary> l = byLambda.get(chosen);
      Bootstrap.Interval ti = Bootstrap.mean(values(l, x -> x.dec().rhoStChange()), 0.95, seed + 101, "seeds");
      Bootstrap.Interval gi = Bootstrap.mean(values(l, x -> x.dec().qualityGain().get(gain)), 0.95, seed + 103, "seeds");
      h.append("<div class=\"a\">λ = ").append(num(chosen, 3)).append("</div><p>Chosen without test or truth: the "
          + "largest mean ").append(esc(gain)).append(" gain among the λ whose mean validation |Δρ<sub>st</sub>| ≤ 0.005. "
              + "Reported on test once: Δρ<sub>st</sub> = ").append(esc(ti.text(2))).append(", ").append(esc(ti.describe()))
          .append("; ").append(esc(gain)).append(" gain ").append(esc(gi.text(2))).append(" — ")
          .append(Bootstrap.Verdict.of(gi).words()).append(".</p>");
    } else {
      h.append("<div class=\"a weak\">no λ chosen</div><p>No λ has a validation Δρ<sub>st</sub> within ±0.005 and a "
          + "same-space gain (validation changes are needed to choose without test).</p>");
    }
    h.append("<p class=\"note\">Gain = silhouette of the DEC labels minus that of the k-means baseline at the same K, "
        + "both on the pre-DEC aligned embeddings (a space DEC did not move). Table intervals over seeds, Bonferroni "
        + "over the ").append(byLambda.size()).append(" λ (each at ").append(num(100 * level, 3))
        .append(" %); the chosen λ's line at 95 % (one reported comparison).</p></div>\n");
  }

  /** Scores that need the ground truth: shown apart, used for no choice. */
  private static void truth(StringBuilder h, List<ExperimentSummary> s, Axes a, long seed) {
    List<ExperimentSummary> t = s.stream().filter(x -> x.truth() != null).toList();
    if (t.isEmpty()) {
      return;
    }
    h.append("<div class=\"card wide\" id=\"ans-truth\"><div class=\"q\">Truth check (simulated types)</div><p>"
        + "These need the planted types, which real data does not have; no choice on this page uses them.</p>");
    List<ExperimentSummary> withDec = t.stream().filter(x -> x.truth().decAriChange() != null).toList();
    if (!withDec.isEmpty()) {
      TreeMap<Double, List<ExperimentSummary>> byLambda = new TreeMap<>();
      withDec.forEach(x -> byLambda.computeIfAbsent(lambdaOf(x, a), y -> new ArrayList<>()).add(x));
      double level = Bootstrap.bonferroni(0.05, byLambda.size());
      h.append("<table class=\"mini\"><tr><th>λ</th><th class=\"num\">ARI vs truth, baseline → DEC</th>"
          + "<th class=\"num\">change [interval]</th><th>verdict</th><th>seeds</th></tr>");
      int i = 0;
      for (var e : byLambda.entrySet()) {
        double[] d = values(e.getValue(), x -> x.truth().decAriChange().estimate());
        Bootstrap.Interval iv = Bootstrap.mean(d, level, seed + 5L * i++, "seeds");
        h.append("<tr><td>").append(num(e.getKey(), 3)).append("</td><td class=\"num\">")
            .append(num(mean(values(e.getValue(), x -> x.truth().decAriBefore())), 3)).append(" → ")
            .append(num(mean(values(e.getValue(), x -> x.truth().decAriAfter())), 3)).append("</td><td class=\"num\">")
            .append(esc(iv.text(2))).append("</td><td>").append(Bootstrap.Verdict.of(iv).words()).append("</td><td>")
            .append(d.length).append("</td></tr>");
      }
      h.append("</table><p class=\"note\">Intervals over seeds, Bonferroni over the ").append(byLambda.size())
          .append(" λ. With one seed per λ, see each run's report for the interval over neurons.</p>");
    }
    h.append("</div>\n");
  }

  static String gainMetric(List<ExperimentSummary> withDec) {
    TreeMap<String, Integer> count = new TreeMap<>();
    withDec.forEach(x -> x.dec().qualityGain().keySet().forEach(k -> count.merge(k, 1, Integer::sum)));
    if (count.containsKey(ExperimentAnalysis.PRE_DEC_SPACE)) {
      return ExperimentAnalysis.PRE_DEC_SPACE;
    }
    count.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).contains("truth") || k.equals(ExperimentAnalysis.DEC_SPACE));
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
        .append(esc(String.valueOf(a.rows()))).append(".").append(oracleNote(s)).append("</figcaption></figure>\n");
  }

  /**
   * On simulated data, the noise ceiling the ρ_st curves can approach (the range when the points' datasets differ)
   * and the best point's share of it; empty on real data.
   */
  static String oracleNote(List<ExperimentSummary> s) {
    var o = s.stream().map(ExperimentSummary::oracleRhoSt).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
        .summaryStatistics();
    var share = s.stream().map(ExperimentSummary::rhoStTestOverOracle).filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue).max();
    if (o.getCount() == 0 || share.isEmpty()) return "";
    String ceiling = o.getMin() == o.getMax() ? num(o.getMin(), 3) : num(o.getMin(), 3) + "–" + num(o.getMax(), 3);
    return " The simulator's noise ceiling (oracle ρ_st, simulated data only) is " + ceiling
        + "; the best run reaches " + num(share.getAsDouble(), 2) + " of it (sweep.csv: truth.rho_st_test_over_oracle).";
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
        "primary_mi_bits", "structure_index", "dec_lambda", "dec_rho_st_change", "dec_verdict", "seconds_total",
        "truth.primary_ari");
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
