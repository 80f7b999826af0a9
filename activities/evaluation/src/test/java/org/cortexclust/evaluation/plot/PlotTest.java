package org.cortexclust.evaluation.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cortexclust.evaluation.stats.Summary;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PlotTest {
  /** Parse as XML: fails on unescaped text or broken markup. */
  static Document xml(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void escapingCoversMarkupQuotesAndControlCharacters() {
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; e", Svg.esc("a <b> & \"c\" 'd'\u0001e"));
    assertEquals("", Svg.esc(null));
  }

  @Test
  void numbersForPeopleAndPixels() {
    assertEquals("0.296", Svg.num(0.29612, 3));
    assertEquals("−0.003", Svg.num(-0.003, 3));
    assertEquals("1.2e−6", Svg.num(1.23e-6, 2));
    assertEquals("12346", Svg.num(12345.6, 3));
    assertEquals("12.5", Svg.px(12.46));
    assertEquals("-3.2", Svg.px(-3.24));
    assertEquals("7", Svg.px(7.01));
    assertThrows(IllegalArgumentException.class, () -> Svg.px(Double.NaN));
  }

  @Test
  void niceTicks() {
    assertEquals(0.05, Ticks.step(0.27, 5), 1e-12);
    assertEquals(2, Ticks.step(11, 5), 1e-12);
    assertEquals(List.of(0.0, 0.1, 0.2, 0.3), Ticks.linear(-0.01, 0.3, 0.1).stream().map(v -> Math.rint(v * 10) / 10).toList());
    assertEquals(2, Ticks.decimals(0.05));
    assertEquals(0, Ticks.decimals(20));
  }

  @Test
  void paletteGivesDistinctColoursForManyClusters() {
    for (int k : new int[] {3, 8, 24, 40}) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < k; i++) {
        String c = Palette.categorical(i, k);
        assertTrue(c.matches("#[0-9A-F]{6}"), c);
        seen.add(c);
      }
      assertEquals(k, seen.size(), "k=" + k);
    }
    assertEquals("#E69F00", Palette.categorical(0, 5), "Okabe–Ito first");
    assertEquals(Palette.MISSING, Palette.categorical(-1, 5));
    // OKLab white point maps to white.
    assertEquals("#FFFFFF", Palette.oklabToHex(1, 0, 0));
    assertTrue(Palette.sequential(0).compareTo(Palette.sequential(1)) > 0, "light to dark");
  }

  @Test
  void chartsAreWellFormedSvgWithTheirLayers() throws Exception {
    Chart c = new Chart(400, 300).title("A <title> & more").xLabel("x").yLabel("y")
        .line(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3}, "#000000", "series \"1\"", true, true)
        .points(new double[] {1, 2}, new double[] {2, 1}, "#FF0000", 3, "dots")
        .bars(new double[] {0, 1, 2}, new double[] {3, 4}, "#00FF00", "bars").hline(2, "#777", "ref");
    String svg = c.render();
    Document d = xml(svg);
    assertEquals("svg", d.getDocumentElement().getNodeName());
    assertTrue(svg.contains("A &lt;title&gt; &amp; more"));
    assertEquals(1, d.getElementsByTagName("path").getLength());
    String path = ((org.w3c.dom.Element) d.getElementsByTagName("path").item(0)).getAttribute("d");
    assertEquals(2, path.chars().filter(ch -> ch == 'M').count(), "the line is broken at the NaN: " + path);
    String box = new Chart(300, 200).categories(List.of("0", "1")).boxes(
        List.of(Summary.of(new double[] {1, 2, 3, 4, 50}), Summary.of(new double[] {2, 3, 4})), List.of("#111111")).render();
    xml(box);
    assertTrue(box.contains("n=5"));
    String log = new Chart(300, 200).xLog(true).line(new double[] {0.01, 10}, new double[] {1, 2}, "#000000", null, false, false).render();
    assertTrue(log.contains(">0.01<") && log.contains(">10<"), log);
    assertThrows(IllegalArgumentException.class,
        () -> new Chart(300, 200).xLog(true).line(new double[] {0, 1}, new double[] {1, 2}, "#000000", null, false, false).render());
  }

  @Test
  void heatmapIsWellFormedAndAnnotated() throws Exception {
    String svg = Heatmap.render("conf", "", List.of("a", "b"), List.of("0", "1"),
        new double[][] {{1, 0}, {0.5, 0.5}}, new String[][] {{"10", ""}, {"3", "3"}}, "type", "cluster", "share", 600);
    xml(svg);
    assertTrue(svg.contains(">10<"));
    assertFalse(svg.contains("NaN"));
  }

  @Test
  void histogramBins() {
    Histogram.Bins b = Histogram.of(new double[] {0, 0.5, 1, 1, 2, Double.NaN, 3}, 0, 2, 2);
    assertEquals(List.of(2.0, 3.0), List.of(b.counts()[0], b.counts()[1]), "2 is in the closed last bin; 3 is outside");
    Histogram.Bins a = Histogram.auto(new double[] {0.12, 0.31, 0.27}, 5);
    assertTrue(a.edges()[0] <= 0.12 && a.edges()[a.edges().length - 1] >= 0.31);
    assertEquals(3, java.util.Arrays.stream(a.counts()).sum());
  }
}
