package org.cortexclust.worker.ui;

import java.util.List;
import java.util.Locale;
import org.cortexclust.common.stage.StageProgressLog;

/** Small inline SVG line charts of a progress curve (one value against the phase's step). */
final class Charts {
  private static final int W = 320;
  private static final int H = 130;
  private static final int PAD_L = 62;
  private static final int PAD_B = 20;
  private static final int PAD_T = 8;
  private static final int PAD_R = 8;

  private Charts() {}

  /** The chart of {@code value} over the points, or an empty string when fewer than one point carries it. */
  static String line(String id, String title, List<StageProgressLog.Point> pts, String value) {
    List<StageProgressLog.Point> p = pts.stream().filter(x -> x.values() != null && x.values().get(value) != null
        && Double.isFinite(x.values().get(value))).toList();
    if (p.isEmpty()) return "";
    double x0 = p.get(0).done();
    double x1 = p.get(p.size() - 1).done();
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (var q : p) {
      y0 = Math.min(y0, q.values().get(value));
      y1 = Math.max(y1, q.values().get(value));
    }
    if (x1 == x0) x1 = x0 + 1;
    if (y1 == y0) {
      y1 = y0 + Math.max(1e-9, Math.abs(y0) * 0.01);
      y0 = y0 - Math.max(1e-9, Math.abs(y0) * 0.01);
    }
    StringBuilder pl = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (var q : p) {
      double x = PAD_L + (q.done() - x0) / (x1 - x0) * (W - PAD_L - PAD_R);
      double y = PAD_T + (1 - (q.values().get(value) - y0) / (y1 - y0)) * (H - PAD_T - PAD_B);
      pl.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      if (p.size() <= 60) {
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\"><title>%d: %s</title></circle>", x, y,
            q.done(), Html.num(q.values().get(value))));
      }
    }
    var last = p.get(p.size() - 1);
    return "<div class=\"chart\" id=\"" + Html.esc(id) + "\" data-points=\"" + p.size() + "\"><div class=\"t\">" + Html.esc(title)
        + " · last " + Html.esc(Html.num(last.values().get(value))) + " at " + last.done() + "</div>"
        + "<svg width=\"" + W + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " + H + "\" role=\"img\" aria-label=\"" + Html.esc(title) + "\">"
        + "<rect x=\"" + PAD_L + "\" y=\"" + PAD_T + "\" width=\"" + (W - PAD_L - PAD_R) + "\" height=\"" + (H - PAD_T - PAD_B)
        + "\" fill=\"#fbfcfd\" stroke=\"#dde1e8\"/>"
        + axis(PAD_L - 4, PAD_T + 9, "end", Html.num(y1)) + axis(PAD_L - 4, H - PAD_B, "end", Html.num(y0))
        + axis(PAD_L, H - 6, "start", Long.toString((long) x0)) + axis(W - PAD_R, H - 6, "end", Long.toString((long) x1))
        + "<polyline fill=\"none\" stroke=\"#1a56b8\" stroke-width=\"1.6\" points=\"" + pl.toString().trim() + "\"/>"
        + "<g fill=\"#1a56b8\">" + dots + "</g></svg></div>";
  }

  private static String axis(int x, int y, String anchor, String text) {
    return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"10\" fill=\"#6b7385\" text-anchor=\"" + anchor + "\">" + Html.esc(text) + "</text>";
  }
}
