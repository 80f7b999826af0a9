package org.cortexclust.evaluation.plot;

import java.util.Locale;

/** Small helpers to write SVG/HTML text safely: escaping and compact, locale-independent numbers. */
public final class Svg {
  private Svg() {}

  /** Escape text for HTML/SVG element content and double-quoted attribute values. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            b.append(' '); // control characters are not allowed in XML 1.0
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A coordinate with at most 1 decimal (enough for pixels, keeps files small). */
  public static String px(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("non-finite SVG coordinate " + v);
    }
    long r = Math.round(v * 10);
    if (r % 10 == 0) {
      return Long.toString(r / 10);
    }
    long a = Math.abs(r);
    return (r < 0 ? "-" : "") + (a / 10) + "." + (a % 10);
  }

  /** A number for people: {@code digits} significant digits, plain notation where sensible. */
  public static String num(double v, int digits) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    String s;
    if (a >= 1e-4 && a < 1e6) {
      int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(a)));
      s = String.format(Locale.ROOT, "%." + decimals + "f", v);
      if (s.contains(".")) {
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
      }
    } else {
      s = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "e", v).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
    }
    return s.replace('-', '−');
  }

  /** A p-value for people: "&lt; 1e-300" style below the double range, 2 significant digits otherwise. */
  public static String pValue(double p) {
    if (Double.isNaN(p)) {
      return "n/a";
    }
    if (p < 1e-300) {
      return "< 1e−300";
    }
    return p < 1e-3 ? num(p, 2) : num(p, 2);
  }
}
