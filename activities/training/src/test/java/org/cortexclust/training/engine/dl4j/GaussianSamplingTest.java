package org.cortexclust.training.engine.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The integer side of the Gaussian readout's sampling: clamp flags, floored base pixel, neighbour rows, padding. */
class GaussianSamplingTest {

  @Test
  void clampBaseIndicesAndZeroPadding() {
    int h = 3;
    int w = 5;
    // neuron 0 inside; neuron 1 exactly on the right/bottom border; neuron 2 jittered out on the left (x) only
    double[] mu = {0.1, -0.5, 1.0, 1.0, -0.9, 0.0};
    double[] sigma = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}; // identity: shift = ε
    double[] eps = {0, 0, 0, 0, -0.5, 0};
    GaussianSampling.Placeholders p = GaussianSampling.compute(mu, sigma, eps, 1, 3, h, w);
    assertArrayEquals(new double[] {1, 1, 1, 1, 0, 1}, p.inside());
    assertArrayEquals(new double[] {0, 0, 0, 0, -1, 0}, p.clamped());
    // pixel x = (0.1 + 1)/2·4 = 2.2 → 2; y = (−0.5 + 1)/2·2 = 0.5 → 0; border (1, 1) → (4, 2); clamped −1 → x 0
    assertArrayEquals(new double[] {2, 0, 4, 2, 0, 1}, p.base());
    // order (b, q, n): q = (y0,x0), (y0,x1), (y1,x0), (y1,x1)
    assertArrayEquals(new int[] {0 * w + 2, 2 * w + 4, 1 * w + 0, 0 * w + 3, 0, 1 * w + 1, 1 * w + 2, 0, 2 * w + 0,
        1 * w + 3, 0, 2 * w + 1}, p.index());
    assertArrayEquals(new double[] {1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1}, p.valid());
    assertEquals(6, p.eps().length);
  }

  @Test
  void batchOffsetsAndBadJitter() {
    GaussianSampling.Placeholders p = GaussianSampling.compute(new double[] {-1, -1}, new double[4], null, 2, 1, 4,
        4);
    assertEquals(16, p.index()[4], "second image starts at row H·W");
    assertThrows(IllegalArgumentException.class, () -> GaussianSampling.compute(new double[2], new double[4],
        new double[3], 2, 1, 4, 4));
  }
}
