package org.cortexclust.evaluation.plot;

import static org.cortexclust.evaluation.plot.Svg.esc;
import static org.cortexclust.evaluation.plot.Svg.px;

import java.util.List;

/**
 * A matrix as coloured cells (e.g. a confusion matrix): colour by {@code shade} in [0,1], text by {@code text};
 * row labels left, column labels on top, axis titles, and a colour bar explaining the shade.
 */
public final class Heatmap {
  private Heatmap() {}

  /**
   * @param shade     values in [0, 1] per cell (NaN = empty)
   * @param text      cell annotation or null (annotations are skipped when cells are small)
   * @param shadeName what the colour means, for the colour bar
   */
  public static String render(
      String title,
      String note,
      List<String> rowLabels,
      List<String> colLabels,
      double[][] shade,
      String[][] text,
      String rowTitle,
      String colTitle,
      String shadeName,
      int maxWidth) {
    int rows = rowLabels.size();
    int cols = colLabels.size();
    int longest = rowLabels.stream().mapToInt(String::length).max().orElse(4);
    double left = Math.max(96, 34 + 6.8 * longest);
    double top = 64 + (note.isEmpty() ? 0 : 14) + (colLabels.size() > 12 ? 16 : 0);
    double barW = 170;
    double cell = Math.max(10, Math.min(44, (maxWidth - left - barW - 20) / Math.max(1, cols)));
    double w = cell * cols;
    double h = cell * rows;
    int width = (int) Math.ceil(left + w + barW + 20);
    int height = (int) Math.ceil(top + h + 24);
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
    s.append("<text x=\"8\" y=\"18\" class=\"t\">").append(esc(title)).append("</text>\n");
    if (!note.isEmpty()) {
      s.append("<text x=\"8\" y=\"33\" class=\"n\">").append(esc(note)).append("</text>\n");
    }
    s.append("<text x=\"").append(px(left + w / 2)).append("\" y=\"").append(px(top - (colLabels.size() > 12 ? 40 : 30)))
        .append("\" text-anchor=\"middle\" class=\"l\">").append(esc(colTitle)).append("</text>");
    s.append("<text transform=\"translate(14,").append(px(top + h / 2))
        .append(") rotate(-90)\" text-anchor=\"middle\" class=\"l\">").append(esc(rowTitle)).append("</text>\n");
    boolean annotate = cell >= 22;
    for (int i = 0; i < rows; i++) {
      double y = top + i * cell;
      s.append("<text x=\"").append(px(left - 6)).append("\" y=\"").append(px(y + cell / 2 + 4))
          .append("\" text-anchor=\"end\" class=\"ax\">").append(esc(rowLabels.get(i))).append("</text>");
      for (int j = 0; j < cols; j++) {
        double v = shade[i][j];
        double x = left + j * cell;
        s.append("<rect x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" width=\"").append(px(cell))
            .append("\" height=\"").append(px(cell)).append("\" fill=\"")
            .append(Double.isNaN(v) ? "#f4f4f4" : Palette.sequential(v)).append("\" stroke=\"#fff\" stroke-width=\"1\">");
        if (text != null && text[i][j] != null) {
          s.append("<title>").append(esc(rowLabels.get(i) + " × " + colLabels.get(j) + ": " + text[i][j])).append("</title>");
        }
        s.append("</rect>");
        if (annotate && text != null && text[i][j] != null && !text[i][j].isEmpty()) {
          s.append("<text x=\"").append(px(x + cell / 2)).append("\" y=\"").append(px(y + cell / 2 + 4))
              .append("\" text-anchor=\"middle\" class=\"c\" fill=\"").append(Palette.onSequential(v)).append("\">")
              .append(esc(text[i][j])).append("</text>");
        }
      }
      s.append('\n');
    }
    for (int j = 0; j < cols; j++) {
      double x = left + j * cell + cell / 2;
      if (cols > 12) {
        s.append("<text transform=\"translate(").append(px(x + 3)).append(',').append(px(top - 4))
            .append(") rotate(-60)\" class=\"ax\">").append(esc(colLabels.get(j))).append("</text>");
      } else {
        s.append("<text x=\"").append(px(x)).append("\" y=\"").append(px(top - 8))
            .append("\" text-anchor=\"middle\" class=\"ax\">").append(esc(colLabels.get(j))).append("</text>");
      }
    }
    // Colour bar.
    double bx = left + w + 24;
    double bh = Math.min(h, 160);
    for (int k = 0; k < 20; k++) {
      double t = 1 - k / 19.0;
      s.append("<rect x=\"").append(px(bx)).append("\" y=\"").append(px(top + k * bh / 20)).append("\" width=\"12\" height=\"")
          .append(px(bh / 20 + 0.5)).append("\" fill=\"").append(Palette.sequential(t)).append("\"/>");
    }
    s.append("<text x=\"").append(px(bx + 16)).append("\" y=\"").append(px(top + 9)).append("\" class=\"ax\">1</text>");
    s.append("<text x=\"").append(px(bx + 16)).append("\" y=\"").append(px(top + bh)).append("\" class=\"ax\">0</text>");
    s.append("<text x=\"").append(px(bx)).append("\" y=\"").append(px(top + bh + 16)).append("\" class=\"n\">")
        .append(esc(shadeName)).append("</text>\n");
    s.append("</svg>");
    return s.toString();
  }
}
