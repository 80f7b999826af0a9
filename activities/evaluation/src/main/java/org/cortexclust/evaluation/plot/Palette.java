package org.cortexclust.evaluation.plot;

import java.util.Locale;

/**
 * Colours. Categorical: the Okabe–Ito set (distinguishable with the common colour-vision deficiencies) for up to
 * 8 classes; beyond that, colours spread by the golden angle in OKLCH hue with three alternating lightness levels,
 * so neighbouring cluster numbers never look alike (no palette stays colour-blind safe beyond ~8 classes, so the
 * report also prints cluster numbers). Sequential: a light-to-dark blue ramp interpolated in OKLab.
 */
public final class Palette {
  private static final String[] OKABE_ITO = {
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"
  };

  /** Grey for "no label" / noise. */
  public static final String MISSING = "#BBBBBB";

  private Palette() {}

  /** Colour of class {@code i} (0-based) when {@code k} classes are shown. */
  public static String categorical(int i, int k) {
    if (i < 0) {
      return MISSING;
    }
    if (k <= OKABE_ITO.length) {
      // Okabe–Ito yellow is faint on white: put it last.
      int[] order = {0, 1, 2, 4, 5, 6, 7, 3};
      return OKABE_ITO[order[i % 8]];
    }
    double hue = (i * 137.50776405) % 360; // golden angle
    double[] lightness = {0.62, 0.76, 0.50};
    double l = lightness[i % 3];
    double c = l > 0.7 ? 0.13 : 0.15;
    return oklchToHex(l, c, hue);
  }

  /** Sequential colour for t in [0, 1] (0 = near white, 1 = dark blue). */
  public static String sequential(double t) {
    t = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t));
    // OKLab anchors: near-white, mid blue, dark navy.
    double[][] anchors = {{0.98, -0.005, -0.01}, {0.68, -0.04, -0.12}, {0.30, -0.01, -0.12}};
    double s = t * (anchors.length - 1);
    int i = Math.min((int) Math.floor(s), anchors.length - 2);
    double f = s - i;
    double l = anchors[i][0] + f * (anchors[i + 1][0] - anchors[i][0]);
    double a = anchors[i][1] + f * (anchors[i + 1][1] - anchors[i][1]);
    double b = anchors[i][2] + f * (anchors[i + 1][2] - anchors[i][2]);
    return oklabToHex(l, a, b);
  }

  /** Text colour (black or white) readable on {@link #sequential(double)} at t. */
  public static String onSequential(double t) {
    return t > 0.55 ? "#FFFFFF" : "#1A1A1A";
  }

  static String oklchToHex(double l, double c, double hDeg) {
    double h = Math.toRadians(hDeg);
    return oklabToHex(l, c * Math.cos(h), c * Math.sin(h));
  }

  /** OKLab → linear sRGB (Ottosson 2020) → gamma-encoded sRGB, clipped to the gamut. */
  static String oklabToHex(double l, double a, double b) {
    double l1 = l + 0.3963377774 * a + 0.2158037573 * b;
    double m1 = l - 0.1055613458 * a - 0.0638541728 * b;
    double s1 = l - 0.0894841775 * a - 1.2914855480 * b;
    double l3 = l1 * l1 * l1;
    double m3 = m1 * m1 * m1;
    double s3 = s1 * s1 * s1;
    double r = 4.0767416621 * l3 - 3.3077115913 * m3 + 0.2309699292 * s3;
    double g = -1.2684380046 * l3 + 2.6097574011 * m3 - 0.3413193965 * s3;
    double bl = -0.0041960863 * l3 - 0.7034186147 * m3 + 1.7076147010 * s3;
    return String.format(Locale.ROOT, "#%02X%02X%02X", enc(r), enc(g), enc(bl));
  }

  private static int enc(double x) {
    x = Math.max(0, Math.min(1, x));
    double v = x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
    return (int) Math.round(v * 255);
  }
}
