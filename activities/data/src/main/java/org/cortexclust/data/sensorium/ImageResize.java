package org.cortexclust.data.sensorium;

import java.util.Locale;

/**
 * Separable image resampling from H×W to h×w.
 * <ul>
 *   <li>{@code BILINEAR}: what the Sensorium baseline does ({@code skimage.transform.rescale(order=1,
 *       anti_aliasing=False)}, docs/science.md §1.4): output pixel centre o maps to input coordinate
 *       {@code (o + 0.5)·H/h − 0.5}, linear interpolation between the two neighbours (edge pixels repeated beyond
 *       the border). For a 4× reduction this is the mean of the two middle pixels of each 4-pixel block.</li>
 *   <li>{@code AREA}: each output pixel is the overlap-weighted mean of the input pixels it covers (anti-aliased).</li>
 * </ul>
 */
public final class ImageResize {
  public enum Method {
    BILINEAR,
    AREA;

    public static Method parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  private final int inH;
  private final int inW;
  private final int outH;
  private final int outW;
  private final int[][] rowIdx;
  private final float[][] rowW;
  private final int[][] colIdx;
  private final float[][] colW;

  public ImageResize(int inH, int inW, int outH, int outW, Method method) {
    this.inH = inH;
    this.inW = inW;
    this.outH = outH;
    this.outW = outW;
    rowIdx = new int[outH][];
    rowW = new float[outH][];
    colIdx = new int[outW][];
    colW = new float[outW][];
    weights(inH, outH, method, rowIdx, rowW);
    weights(inW, outW, method, colIdx, colW);
  }

  private static void weights(int in, int out, Method m, int[][] idx, float[][] w) {
    double scale = in / (double) out;
    for (int o = 0; o < out; o++) {
      if (m == Method.BILINEAR) {
        double c = (o + 0.5) * scale - 0.5;
        c = Math.max(0, Math.min(in - 1, c));
        int i0 = (int) Math.floor(c);
        int i1 = Math.min(in - 1, i0 + 1);
        float f = (float) (c - i0);
        idx[o] = new int[] {i0, i1};
        w[o] = new float[] {1 - f, f};
      } else {
        double a = o * scale;
        double b = (o + 1) * scale;
        int i0 = (int) Math.floor(a);
        int i1 = Math.min(in - 1, (int) Math.ceil(b) - 1);
        int n = i1 - i0 + 1;
        idx[o] = new int[n];
        w[o] = new float[n];
        for (int k = 0; k < n; k++) {
          int i = i0 + k;
          double overlap = Math.min(b, i + 1) - Math.max(a, i);
          idx[o][k] = i;
          w[o][k] = (float) (overlap / scale);
        }
      }
    }
  }

  /** Resample {@code src} (H·W, row-major, from {@code srcOff}) into {@code dst} at {@code dstOff}, applying {@code a·x + b}. */
  public void apply(float[] src, int srcOff, float[] dst, int dstOff, float a, float b) {
    if (inH == outH && inW == outW) {
      for (int i = 0; i < inH * inW; i++) {
        dst[dstOff + i] = a * src[srcOff + i] + b;
      }
      return;
    }
    float[] tmp = new float[inH * outW];
    for (int y = 0; y < inH; y++) {
      int row = srcOff + y * inW;
      for (int ox = 0; ox < outW; ox++) {
        int[] ci = colIdx[ox];
        float[] cw = colW[ox];
        float s = 0;
        for (int k = 0; k < ci.length; k++) {
          s += cw[k] * src[row + ci[k]];
        }
        tmp[y * outW + ox] = s;
      }
    }
    for (int oy = 0; oy < outH; oy++) {
      int[] ri = rowIdx[oy];
      float[] rw = rowW[oy];
      int out = dstOff + oy * outW;
      for (int ox = 0; ox < outW; ox++) {
        float s = 0;
        for (int k = 0; k < ri.length; k++) {
          s += rw[k] * tmp[ri[k] * outW + ox];
        }
        dst[out + ox] = a * s + b;
      }
    }
  }
}
