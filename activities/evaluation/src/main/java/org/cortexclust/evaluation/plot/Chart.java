package org.cortexclust.evaluation.plot;

import static org.cortexclust.evaluation.plot.Svg.esc;
import static org.cortexclust.evaluation.plot.Svg.px;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cortexclust.evaluation.stats.Summary;

/**
 * An x–y chart rendered as standalone inline SVG: axes with nice ticks, grid, axis labels, title, a legend, and
 * layers of points, lines, histogram bars, box plots (on a categorical x axis) and reference lines.
 */
public final class Chart {
  private final int width;
  private final int height;
  private String title = "";
  private String xLabel = "";
  private String yLabel = "";
  private final List<Layer> layers = new ArrayList<>();
  private final List<String[]> legend = new ArrayList<>(); // {colour, label, kind}
  private List<String> categories;
  private boolean xLog;
  private boolean equalAspect;
  private boolean hideAxes;
  private Double yMinFixed;
  private Double yMaxFixed;
  private Double xMinFixed;
  private Double xMaxFixed;
  private String note = "";
  private Double xTickStep;
  private double legendWidth = 128;
  private boolean integerX;

  public Chart(int width, int height) {
    this.width = width;
    this.height = height;
  }

  public Chart title(String t) {
    this.title = t;
    return this;
  }

  public Chart xLabel(String t) {
    this.xLabel = t;
    return this;
  }

  public Chart yLabel(String t) {
    this.yLabel = t;
    return this;
  }

  /** A small grey note under the title (e.g. the artifact ids the figure came from). */
  public Chart note(String t) {
    this.note = t;
    return this;
  }

  /** Fixed x tick spacing (e.g. 90 for angles); null = automatic. */
  public Chart xTickStep(Double step) {
    this.xTickStep = step;
    return this;
  }

  /** x is a count (e.g. k): ticks only at integers. */
  public Chart integerX(boolean on) {
    this.integerX = on;
    return this;
  }

  /** Logarithmic x axis (all x must be &gt; 0). */
  public Chart xLog(boolean on) {
    this.xLog = on;
    return this;
  }

  /** Same units per pixel on both axes (embeddings such as t-SNE). */
  public Chart equalAspect(boolean on) {
    this.equalAspect = on;
    return this;
  }

  /** No ticks or tick labels (t-SNE axes carry no meaning). */
  public Chart hideAxes(boolean on) {
    this.hideAxes = on;
    return this;
  }

  public Chart yRange(Double min, Double max) {
    this.yMinFixed = min;
    this.yMaxFixed = max;
    return this;
  }

  public Chart xRange(Double min, Double max) {
    this.xMinFixed = min;
    this.xMaxFixed = max;
    return this;
  }

  /** Use a categorical x axis: category i sits at x = i. */
  public Chart categories(List<String> names) {
    this.categories = List.copyOf(names);
    return this;
  }

  public Chart legendEntry(String colour, String label, String kind) {
    legend.add(new String[] {colour, label, kind});
    return this;
  }

  /** Points with one colour each (may differ per point), radius in pixels. */
  public Chart points(double[] x, double[] y, String[] colours, double radius, double opacity) {
    layers.add(new Points(x, y, colours, radius, opacity));
    return this;
  }

  public Chart points(double[] x, double[] y, String colour, double radius, String label) {
    String[] c = new String[x.length];
    java.util.Arrays.fill(c, colour);
    layers.add(new Points(x, y, c, radius, 0.85));
    if (label != null) {
      legend.add(new String[] {colour, label, "point"});
    }
    return this;
  }

  /** A polyline; NaN y values break the line. Markers drawn when {@code markers}. */
  public Chart line(double[] x, double[] y, String colour, String label, boolean markers, boolean dashed) {
    layers.add(new Line(x, y, colour, markers, dashed));
    if (label != null) {
      legend.add(new String[] {colour, label, dashed ? "dash" : "line"});
    }
    return this;
  }

  /** Histogram bars over bin {@code edges} (length counts+1). */
  public Chart bars(double[] edges, double[] heights, String colour, String label) {
    layers.add(new Bars(edges, heights, colour));
    if (label != null) {
      legend.add(new String[] {colour, label, "box"});
    }
    return this;
  }

  /** One box per category (Tukey whiskers, outliers as dots; n printed above). */
  public Chart boxes(List<Summary> summaries, List<String> colours) {
    layers.add(new Boxes(summaries, colours));
    return this;
  }

  /** Horizontal reference line with a label at its right end. */
  public Chart hline(double y, String colour, String label) {
    layers.add(new HLine(y, colour, label));
    return this;
  }

  private interface Layer {
    /** Extend {minX, maxX, minY, maxY}. */
    void bounds(double[] b);

    void draw(StringBuilder s, Frame f);
  }

  /** Data-to-pixel mapping. */
  private final class Frame {
    final double x0;
    final double x1;
    final double y0;
    final double y1;
    final double left;
    final double top;
    final double w;
    final double h;

    Frame(double x0, double x1, double y0, double y1, double left, double top, double w, double h) {
      this.x0 = x0;
      this.x1 = x1;
      this.y0 = y0;
      this.y1 = y1;
      this.left = left;
      this.top = top;
      this.w = w;
      this.h = h;
    }

    double x(double v) {
      if (xLog) {
        return left + (Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) * w;
      }
      return left + (v - x0) / (x1 - x0) * w;
    }

    double y(double v) {
      return top + h - (v - y0) / (y1 - y0) * h;
    }

    double unitX() {
      return w / (x1 - x0);
    }
  }

  private static void extend(double[] b, double x, double y) {
    if (Double.isFinite(x)) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.max(b[1], x);
    }
    if (Double.isFinite(y)) {
      b[2] = Math.min(b[2], y);
      b[3] = Math.max(b[3], y);
    }
  }

  private record Points(double[] x, double[] y, String[] colours, double r, double opacity) implements Layer {
    public void bounds(double[] b) {
      for (int i = 0; i < x.length; i++) {
        extend(b, x[i], y[i]);
      }
    }

    public void draw(StringBuilder s, Frame f) {
      // Group consecutive points of one colour to keep the SVG small.
      s.append("<g fill-opacity=\"").append(opacity).append("\" stroke=\"none\">");
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
          continue;
        }
        s.append("<circle cx=\"").append(px(f.x(x[i]))).append("\" cy=\"").append(px(f.y(y[i])))
            .append("\" r=\"").append(px(r)).append("\" fill=\"").append(colours[i]).append("\"/>");
      }
      s.append("</g>\n");
    }
  }

  private record Line(double[] x, double[] y, String colour, boolean markers, boolean dashed) implements Layer {
    public void bounds(double[] b) {
      for (int i = 0; i < x.length; i++) {
        extend(b, x[i], y[i]);
      }
    }

    public void draw(StringBuilder s, Frame f) {
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
          pen = false;
          continue;
        }
        d.append(pen ? " L" : " M").append(px(f.x(x[i]))).append(',').append(px(f.y(y[i])));
        pen = true;
      }
      if (d.length() > 0) {
        s.append("<path d=\"").append(d.toString().trim()).append("\" fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"2\"").append(dashed ? " stroke-dasharray=\"6 4\"" : "")
            .append(" stroke-linejoin=\"round\"/>\n");
      }
      if (markers) {
        for (int i = 0; i < x.length; i++) {
          if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
            s.append("<circle cx=\"").append(px(f.x(x[i]))).append("\" cy=\"").append(px(f.y(y[i])))
                .append("\" r=\"3.2\" fill=\"").append(colour).append("\" stroke=\"#fff\" stroke-width=\"1\"/>");
          }
        }
        s.append('\n');
      }
    }
  }

  private record Bars(double[] edges, double[] heights, String colour) implements Layer {
    public void bounds(double[] b) {
      extend(b, edges[0], 0);
      extend(b, edges[edges.length - 1], 0);
      for (double v : heights) {
        extend(b, Double.NaN, v);
      }
    }

    public void draw(StringBuilder s, Frame f) {
      s.append("<g fill=\"").append(colour).append("\" fill-opacity=\"0.8\" stroke=\"#fff\" stroke-width=\"0.6\">");
      for (int i = 0; i < heights.length; i++) {
        if (!(heights[i] > 0)) {
          continue;
        }
        double xa = f.x(edges[i]);
        double xb = f.x(edges[i + 1]);
        double ya = f.y(heights[i]);
        double yb = f.y(Math.max(f.y0, 0));
        s.append("<rect x=\"").append(px(xa)).append("\" y=\"").append(px(ya)).append("\" width=\"")
            .append(px(Math.max(0.5, xb - xa))).append("\" height=\"").append(px(Math.max(0, yb - ya))).append("\"/>");
      }
      s.append("</g>\n");
    }
  }

  private record Boxes(List<Summary> summaries, List<String> colours) implements Layer {
    public void bounds(double[] b) {
      for (int i = 0; i < summaries.size(); i++) {
        Summary m = summaries.get(i);
        extend(b, i - 0.5, m.min());
        extend(b, i + 0.5, m.max());
      }
    }

    public void draw(StringBuilder s, Frame f) {
      double bw = Math.min(44, f.unitX() * 0.6);
      for (int i = 0; i < summaries.size(); i++) {
        Summary m = summaries.get(i);
        if (m.n() == 0) {
          continue;
        }
        String c = colours.get(i % colours.size());
        double cx = f.x(i);
        s.append("<g>");
        s.append("<line x1=\"").append(px(cx)).append("\" x2=\"").append(px(cx)).append("\" y1=\"")
            .append(px(f.y(m.whiskerLow()))).append("\" y2=\"").append(px(f.y(m.whiskerHigh())))
            .append("\" stroke=\"#444\" stroke-width=\"1\"/>");
        for (double w : new double[] {m.whiskerLow(), m.whiskerHigh()}) {
          s.append("<line x1=\"").append(px(cx - bw / 4)).append("\" x2=\"").append(px(cx + bw / 4))
              .append("\" y1=\"").append(px(f.y(w))).append("\" y2=\"").append(px(f.y(w)))
              .append("\" stroke=\"#444\"/>");
        }
        double yq3 = f.y(m.q3());
        double yq1 = f.y(m.q1());
        s.append("<rect x=\"").append(px(cx - bw / 2)).append("\" y=\"").append(px(yq3)).append("\" width=\"")
            .append(px(bw)).append("\" height=\"").append(px(Math.max(0.5, yq1 - yq3))).append("\" fill=\"")
            .append(c).append("\" fill-opacity=\"0.75\" stroke=\"#333\"/>");
        s.append("<line x1=\"").append(px(cx - bw / 2)).append("\" x2=\"").append(px(cx + bw / 2))
            .append("\" y1=\"").append(px(f.y(m.median()))).append("\" y2=\"").append(px(f.y(m.median())))
            .append("\" stroke=\"#000\" stroke-width=\"2\"/>");
        int shown = 0;
        for (double o : m.outliers()) {
          if (shown++ > 200) {
            break;
          }
          s.append("<circle cx=\"").append(px(cx)).append("\" cy=\"").append(px(f.y(o)))
              .append("\" r=\"1.6\" fill=\"#555\" fill-opacity=\"0.5\"/>");
        }
        if (f.unitX() >= 38) {
          s.append("<text x=\"").append(px(cx)).append("\" y=\"").append(px(f.top - 4))
              .append("\" text-anchor=\"middle\" class=\"n\">n=").append(m.n()).append("</text>");
        }
        s.append("<title>").append(esc(String.format(Locale.ROOT, "n=%d median=%.4f IQR=[%.4f, %.4f]",
            m.n(), m.median(), m.q1(), m.q3()))).append("</title></g>\n");
      }
    }
  }

  private record HLine(double y, String colour, String label) implements Layer {
    public void bounds(double[] b) {
      extend(b, Double.NaN, y);
    }

    public void draw(StringBuilder s, Frame f) {
      double py = f.y(y);
      s.append("<line x1=\"").append(px(f.left)).append("\" x2=\"").append(px(f.left + f.w)).append("\" y1=\"")
          .append(px(py)).append("\" y2=\"").append(px(py)).append("\" stroke=\"").append(colour)
          .append("\" stroke-dasharray=\"4 3\"/>");
      if (label != null && !label.isEmpty()) {
        s.append("<text x=\"").append(px(f.left + f.w - 4)).append("\" y=\"").append(px(py - 4))
            .append("\" text-anchor=\"end\" class=\"n\">").append(esc(label)).append("</text>");
      }
      s.append('\n');
    }
  }

  /** The chart as an {@code <svg>} element (no XML prolog; embed directly in HTML). */
  public String render() {
    double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (Layer l : layers) {
      l.bounds(b);
    }
    if (!Double.isFinite(b[0])) {
      b[0] = 0;
      b[1] = 1;
    }
    if (!Double.isFinite(b[2])) {
      b[2] = 0;
      b[3] = 1;
    }
    if (categories != null) {
      b[0] = -0.5;
      b[1] = categories.size() - 0.5;
    }
    if (xMinFixed != null) {
      b[0] = xMinFixed;
    }
    if (xMaxFixed != null) {
      b[1] = xMaxFixed;
    }
    if (yMinFixed != null) {
      b[2] = yMinFixed;
    }
    if (yMaxFixed != null) {
      b[3] = yMaxFixed;
    }
    if (b[1] <= b[0]) {
      double c = b[0];
      b[0] = c - (xLog ? c / 2 : 0.5);
      b[1] = c + (xLog ? c : 0.5);
    }
    if (b[3] <= b[2]) {
      double c = b[2];
      b[2] = c - 0.5;
      b[3] = c + 0.5;
    }
    boolean hasLegend = !legend.isEmpty();
    int legendCols = legend.size() > 14 ? 2 : 1;
    int longest = legend.stream().mapToInt(e -> e[1].length()).max().orElse(0);
    legendWidth = Math.max(90, Math.min(300, 26 + 6.6 * longest));
    double left = hideAxes ? 14 : 64;
    double right = hasLegend ? 16 + legendWidth * legendCols : 18;
    double top = 28 + (title.isEmpty() ? 0 : 8) + (note.isEmpty() ? 0 : 14) + (hasBoxes() ? 10 : 0);
    boolean rotate = categories != null && categories.size() > 8;
    double bottom = hideAxes ? 14 : (xLabel.isEmpty() ? 30 : 48) + (rotate ? 26 : 0);
    double w = width - left - right;
    double h = height - top - bottom;

    double x0 = b[0];
    double x1 = b[1];
    double y0 = b[2];
    double y1 = b[3];
    if (categories == null && !xLog && xMinFixed == null && xMaxFixed == null) {
      double pad = (x1 - x0) * 0.03;
      x0 -= pad;
      x1 += pad;
    }
    if (xLog) {
      if (!(x0 > 0)) {
        throw new IllegalArgumentException("chart '" + title + "': log x axis needs x > 0, found " + x0);
      }
      x0 = Math.pow(10, Math.floor(Math.log10(x0) + 1e-9));
      x1 = Math.pow(10, Math.ceil(Math.log10(x1) - 1e-9));
      if (x1 <= x0) {
        x1 = x0 * 10;
      }
    }
    double ystep = Ticks.step(y1 - y0, Math.max(3, (int) (h / 50)));
    if (yMinFixed == null) {
      y0 = Math.floor(y0 / ystep + 1e-9) * ystep;
    }
    if (yMaxFixed == null) {
      y1 = Math.ceil(y1 / ystep - 1e-9) * ystep;
      if (y1 <= b[3] && !hasBoxes()) {
        y1 = y1 + (y1 == b[3] ? 0 : 0);
      }
    }
    if (equalAspect) {
      double ux = (x1 - x0) / w;
      double uy = (y1 - y0) / h;
      if (ux > uy) {
        double c = (y0 + y1) / 2;
        y0 = c - ux * h / 2;
        y1 = c + ux * h / 2;
      } else {
        double c = (x0 + x1) / 2;
        x0 = c - uy * w / 2;
        x1 = c + uy * w / 2;
      }
    }
    Frame f = new Frame(x0, x1, y0, y1, left, top, w, h);

    StringBuilder s = new StringBuilder(4096);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
    if (!title.isEmpty()) {
      s.append("<text x=\"").append(px(left)).append("\" y=\"18\" class=\"t\">").append(esc(title)).append("</text>\n");
    }
    if (!note.isEmpty()) {
      s.append("<text x=\"").append(px(left)).append("\" y=\"33\" class=\"n\">").append(esc(note)).append("</text>\n");
    }
    s.append("<rect x=\"").append(px(left)).append("\" y=\"").append(px(top)).append("\" width=\"").append(px(w))
        .append("\" height=\"").append(px(h)).append("\" fill=\"#fcfcfd\" stroke=\"#d0d4da\"/>\n");
    if (!hideAxes) {
      drawAxes(s, f, ystep, rotate);
    }
    s.append("<g clip-path=\"none\">\n");
    for (Layer l : layers) {
      l.draw(s, f);
    }
    s.append("</g>\n");
    if (hasLegend) {
      drawLegend(s, left + w + 12, top, legendCols);
    }
    s.append("</svg>");
    return s.toString();
  }

  private boolean hasBoxes() {
    return layers.stream().anyMatch(l -> l instanceof Boxes);
  }

  private void drawAxes(StringBuilder s, Frame f, double ystep, boolean rotate) {
    int yd = Ticks.decimals(ystep);
    s.append("<g class=\"ax\">");
    for (double v : Ticks.linear(f.y0, f.y1, ystep)) {
      double py = f.y(v);
      s.append("<line x1=\"").append(px(f.left)).append("\" x2=\"").append(px(f.left + f.w)).append("\" y1=\"")
          .append(px(py)).append("\" y2=\"").append(px(py)).append("\" class=\"g\"/>");
      s.append("<text x=\"").append(px(f.left - 6)).append("\" y=\"").append(px(py + 4))
          .append("\" text-anchor=\"end\">").append(esc(tickLabel(v, yd))).append("</text>");
    }
    double by = f.top + f.h;
    if (categories != null) {
      for (int i = 0; i < categories.size(); i++) {
        double pxv = f.x(i);
        if (rotate) {
          s.append("<text transform=\"translate(").append(px(pxv + 4)).append(',').append(px(by + 12))
              .append(") rotate(-45)\" text-anchor=\"end\">").append(esc(categories.get(i))).append("</text>");
        } else {
          s.append("<text x=\"").append(px(pxv)).append("\" y=\"").append(px(by + 16))
              .append("\" text-anchor=\"middle\">").append(esc(categories.get(i))).append("</text>");
        }
      }
    } else if (xLog) {
      for (double v = f.x0; v <= f.x1 * 1.0001; v *= 10) {
        double pxv = f.x(v);
        s.append("<line x1=\"").append(px(pxv)).append("\" x2=\"").append(px(pxv)).append("\" y1=\"")
            .append(px(f.top)).append("\" y2=\"").append(px(by)).append("\" class=\"g\"/>");
        s.append("<text x=\"").append(px(pxv)).append("\" y=\"").append(px(by + 16))
            .append("\" text-anchor=\"middle\">").append(esc(Svg.num(v, 1))).append("</text>");
      }
    } else {
      double xstep = xTickStep != null ? xTickStep : Ticks.step(f.x1 - f.x0, Math.max(3, (int) (f.w / 80)));
      if (integerX) {
        xstep = Math.max(1, Math.rint(xstep));
      }
      int xd = Ticks.decimals(xstep);
      for (double v : Ticks.linear(f.x0, f.x1, xstep)) {
        double pxv = f.x(v);
        s.append("<line x1=\"").append(px(pxv)).append("\" x2=\"").append(px(pxv)).append("\" y1=\"")
            .append(px(f.top)).append("\" y2=\"").append(px(by)).append("\" class=\"g\"/>");
        s.append("<text x=\"").append(px(pxv)).append("\" y=\"").append(px(by + 16))
            .append("\" text-anchor=\"middle\">").append(esc(tickLabel(v, xd))).append("</text>");
      }
    }
    s.append("</g>\n");
    if (!xLabel.isEmpty()) {
      s.append("<text x=\"").append(px(f.left + f.w / 2)).append("\" y=\"").append(px(height - 8))
          .append("\" text-anchor=\"middle\" class=\"l\">").append(esc(xLabel)).append("</text>\n");
    }
    if (!yLabel.isEmpty()) {
      s.append("<text transform=\"translate(14,").append(px(f.top + f.h / 2))
          .append(") rotate(-90)\" text-anchor=\"middle\" class=\"l\">").append(esc(yLabel)).append("</text>\n");
    }
  }

  private static String tickLabel(double v, int decimals) {
    String t = String.format(Locale.ROOT, "%." + decimals + "f", v);
    if (t.matches("-0(\\.0*)?")) {
      t = t.substring(1);
    }
    return t.replace('-', '−');
  }

  private void drawLegend(StringBuilder s, double x, double y, int cols) {
    int perCol = (legend.size() + cols - 1) / cols;
    for (int i = 0; i < legend.size(); i++) {
      String[] e = legend.get(i);
      double lx = x + (i / perCol) * legendWidth;
      double ly = y + 8 + (i % perCol) * 17;
      switch (e[2]) {
        case "line", "dash" -> s.append("<line x1=\"").append(px(lx)).append("\" x2=\"").append(px(lx + 16))
            .append("\" y1=\"").append(px(ly)).append("\" y2=\"").append(px(ly)).append("\" stroke=\"").append(e[0])
            .append("\" stroke-width=\"2\"").append(e[2].equals("dash") ? " stroke-dasharray=\"4 3\"" : "").append("/>");
        case "box" -> s.append("<rect x=\"").append(px(lx + 2)).append("\" y=\"").append(px(ly - 5))
            .append("\" width=\"11\" height=\"10\" fill=\"").append(e[0]).append("\"/>");
        default -> s.append("<circle cx=\"").append(px(lx + 8)).append("\" cy=\"").append(px(ly))
            .append("\" r=\"4.5\" fill=\"").append(e[0]).append("\"/>");
      }
      s.append("<text x=\"").append(px(lx + 21)).append("\" y=\"").append(px(ly + 4)).append("\">")
          .append(esc(e[1])).append("</text>");
    }
    s.append('\n');
  }
}
