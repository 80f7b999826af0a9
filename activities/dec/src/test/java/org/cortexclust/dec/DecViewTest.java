package org.cortexclust.dec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecViewTest {
  @Test
  void readoutLayoutRoundTripsAndIsFeatureMajor() {
    // F = 2, n = 3: readout channel r·F + f; view index f·n + r
    float[] feats = {0, 1, 2, 3, 4, 5}; // (r0 f0)(r0 f1)(r1 f0)(r1 f1)(r2 f0)(r2 f1)
    double[][] w = DecView.fromReadout(feats, 1, 2, 3);
    assertArrayEquals(new double[] {0, 2, 4, 1, 3, 5}, w[0], 0);
    assertArrayEquals(feats, DecView.toReadout(w, 2, 3), 0f);
  }

  @Test
  void backwardIsTheChainRuleOfForward() {
    int f = 2;
    int n = 4;
    double[][] w = DecKernelTest.gauss(3, f * n, 1, 5);
    double[][] centres = DecKernelTest.gauss(2, f * n, 3, 6);
    DecView view = new DecView(f, n, true, Math.sqrt(f * n), new int[] {1, 0, 3});
    double[][] p = DecKernel.target(DecKernel.softAssign(view.forward(w), centres, 1, null, n), 2);
    double[][] gz = DecKernel.evaluate(view.forward(w), centres, p, 1, null, n).gradZ();
    double[][] gw = view.backward(w, gz);
    double h = 1e-6;
    for (int i = 0; i < w.length; i++) {
      for (int t = 0; t < w[i].length; t++) {
        double old = w[i][t];
        w[i][t] = old + h;
        double up = DecKernel.evaluate(view.forward(w), centres, p, 1, null, n).loss();
        w[i][t] = old - h;
        double down = DecKernel.evaluate(view.forward(w), centres, p, 1, null, n).loss();
        w[i][t] = old;
        double fd = (up - down) / (2 * h);
        assertEquals(fd, gw[i][t], 1e-6 + 1e-5 * Math.abs(fd));
      }
    }
  }
}
