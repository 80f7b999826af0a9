package org.cortexclust.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final ReportOptions OPT = new ReportOptions("rho_st_test", 4, 200, 0.05, null, 20000, 40, 3);

  /** The content of the {@code <figure id=...>} element. */
  static String figure(String html, String id) {
    Matcher m = Pattern.compile("<figure id=\"" + id + "\"[^>]*>(.*?)</figure>", Pattern.DOTALL).matcher(html);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void everyFigureIsPresentAndDrawnAndTheAnswersComeFirst() throws Exception {
    ExperimentReport r = SyntheticExperiment.build(1200, 6, 7);
    ExperimentFindings f = ExperimentAnalysis.analyze(r, OPT);
    String html = HtmlReport.render(r, f, OPT);
    for (String id : HtmlReport.FIGURES) {
      String fig = figure(html, id);
      assertTrue(fig != null, "figure " + id + " missing");
      assertTrue(fig.contains("<svg"), "figure " + id + " has no plot");
      assertTrue(Pattern.compile("<(circle|rect|path)[^>]*>").matcher(fig).results().count() > 5,
          "figure " + id + " is empty");
    }
    // t-SNE: one dot per neuron in each of the two maps (cluster and ground truth).
    assertEquals(2 * 1200, Pattern.compile("<circle[^>]*r=\"2.8\"").matcher(figure(html, "fig-tsne")).results().count());
    int answers = html.indexOf("id=\"ans-clusters\"");
    assertTrue(answers > 0 && answers < html.indexOf("<figure"), "answers precede figures");
    assertTrue(html.contains("Yes — "), "planted effect is reported in words");
    // Figures name the artifacts they came from.
    assertTrue(figure(html, "fig-tsne").contains("clustering-a1b2c3d4e5f60718293a4b5c"));
    // No scripts, no network.
    assertFalse(html.toLowerCase().contains("<script"));
    assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"));
    assertFalse(html.contains("https://"));
    // Text is escaped (the config carries <test> & "quotes").
    assertFalse(html.contains("<test>"));
    assertTrue(html.contains("synthetic &lt;test&gt; &amp; &quot;quotes&quot;"));
    Path out = Path.of("target", "report-sample.html");
    Files.createDirectories(out.getParent());
    Files.writeString(out, html);
  }

  @Test
  void reportWithoutOptionalInputsSaysWhatIsMissing() {
    ExperimentReport base = SyntheticExperiment.build(100, 3, 1);
    ExperimentReport r = new ExperimentReport("bare", "", Map.of(), Map.of(), base.neurons(),
        Map.of("kmeans_3", base.labels().get("kmeans_3")), List.of(), List.of(), null, List.of(), null, Map.of());
    String html = HtmlReport.render(r, ExperimentAnalysis.analyze(r, OPT), OPT);
    assertTrue(figure(html, "fig-training").contains("no training history"));
    assertTrue(figure(html, "fig-dec").contains("DEC was not run"));
    assertTrue(figure(html, "fig-box").contains("<svg"));
  }
}
