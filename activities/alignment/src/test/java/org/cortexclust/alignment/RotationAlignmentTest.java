package org.cortexclust.alignment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RotationAlignmentTest {
  static final int F = 6, N_ROT = 8;

  /** K random prototypes; neuron i = roll(prototype[i % K], trueShift[i]) + noise. */
  record Planted(double[][] data, int[] proto, int[] trueShift) {}

  static Planted planted(int nObs, int k, double noise, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] protos = new double[k][F * N_ROT];
    for (double[] p : protos) for (int j = 0; j < p.length; j++) p[j] = rng.nextGaussian();
    double[][] x = new double[nObs][];
    int[] proto = new int[nObs], s = new int[nObs];
    for (int i = 0; i < nObs; i++) {
      proto[i] = i % k;
      s[i] = rng.nextInt(N_ROT);
      double[] v = RotationAlignment.roll(protos[proto[i]], F, N_ROT, s[i]);
      double scale = 0.5 + rng.nextDouble(); // normalisation must remove scale
      for (int j = 0; j < v.length; j++) v[j] = scale * v[j] + noise * rng.nextGaussian();
      x[i] = v;
    }
    return new Planted(x, proto, s);
  }

  @Test
  void rollMatchesNumpyConvention() {
    // W is 1 × 4: [0,1,2,3]; numpy roll by 1 → [3,0,1,2]
    double[] w = {0, 1, 2, 3};
    assertArrayEquals(new double[] {3, 0, 1, 2}, RotationAlignment.roll(w, 1, 4, 1));
    // feature-major, 2 features × 3 rotations: each feature row rolled separately
    double[] w2 = {1, 2, 3, 10, 20, 30};
    assertArrayEquals(new double[] {2, 3, 1, 20, 30, 10}, RotationAlignment.roll(w2, 2, 3, -1));
  }

  @Test
  void plantedShiftsAreRecoveredUpToOneRollPerPrototype() {
    Planted p = planted(120, 3, 0.0, 1);
    RotationAlignment.Result r = RotationAlignment.fit(p.data(), RotationAlignment.Options.of(F, N_ROT));
    assertTrue(r.converged());
    for (int c = 0; c < 3; c++) {
      Integer offset = null;
      double[] first = null;
      for (int i = 0; i < p.data().length; i++) {
        if (p.proto()[i] != c) continue;
        int off = Math.floorMod(r.shifts()[i] + p.trueShift()[i], N_ROT);
        if (offset == null) {
          offset = off;
          first = r.aligned()[i];
        }
        assertEquals(offset, off, "neuron " + i + " shift inconsistent with its prototype");
        assertArrayEquals(first, r.aligned()[i], 1e-12, "zero residual within a prototype");
      }
    }
  }

  @Test
  void noisyShiftsAreRecoveredWithTemplatesPerPrototype() {
    Planted p = planted(200, 4, 0.05, 2);
    RotationAlignment.Result r =
        RotationAlignment.fit(p.data(), RotationAlignment.Options.of(F, N_ROT).withTemplates(4).withSeed(3));
    for (int c = 0; c < 4; c++) {
      int[] hist = new int[N_ROT];
      int cnt = 0;
      for (int i = 0; i < p.data().length; i++) {
        if (p.proto()[i] != c) continue;
        cnt++;
        hist[Math.floorMod(r.shifts()[i] + p.trueShift()[i], N_ROT)]++;
      }
      int max = 0;
      for (int h : hist) max = Math.max(max, h);
      assertEquals(cnt, max, "prototype " + c + " members aligned consistently");
    }
  }

  @Test
  void perNeuronRollsDoNotChangeTheAlignedResult() {
    Planted p = planted(90, 3, 0.2, 4);
    SplittableRandom rng = new SplittableRandom(5);
    double[][] rolled = new double[p.data().length][];
    for (int i = 0; i < rolled.length; i++) rolled[i] = RotationAlignment.roll(p.data()[i], F, N_ROT, rng.nextInt(N_ROT));
    for (int templates : new int[] {1, 3}) {
      RotationAlignment.Options o = RotationAlignment.Options.of(F, N_ROT).withTemplates(templates).withSeed(7);
      RotationAlignment.Result a = RotationAlignment.fit(p.data(), o);
      RotationAlignment.Result b = RotationAlignment.fit(rolled, o);
      for (int i = 0; i < rolled.length; i++) assertArrayEquals(a.aligned()[i], b.aligned()[i], 1e-12);
      assertArrayEquals(a.template(), b.template());
    }
  }

  @Test
  void objectiveDoesNotExceedTheCanonicalStart() {
    Planted p = planted(150, 5, 0.3, 6);
    RotationAlignment.Options o = RotationAlignment.Options.of(F, N_ROT);
    double start = RotationAlignment.fit(p.data(), o.withMaxIterations(0)).objective();
    RotationAlignment.Result r = RotationAlignment.fit(p.data(), o);
    assertTrue(r.objective() <= start + 1e-12, r.objective() + " > " + start);
    assertTrue(r.iterations() >= 1);
  }

  @Test
  void normalisationGivesUnitRows() {
    Planted p = planted(10, 2, 0.1, 8);
    RotationAlignment.Result r = RotationAlignment.fit(p.data(), RotationAlignment.Options.of(F, N_ROT));
    for (double[] a : r.aligned()) {
      double s = 0;
      for (double v : a) s += v * v;
      assertEquals(1.0, s, 1e-12);
    }
  }

  @Test
  void wrongLengthIsReportedWithShape() {
    double[][] x = {new double[F * N_ROT], new double[5]};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RotationAlignment.fit(x, RotationAlignment.Options.of(F, N_ROT)));
    assertTrue(e.getMessage().contains("embedding 1"), e.getMessage());
  }

  @Test
  void allShiftsCorrelationEqualsTheDefinitionBitForBit() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int[] shape : new int[][] {{6, 8}, {3, 5}, {2, 1}, {4, 2}}) {
      int f = shape[0], n = shape[1];
      double[] w = new double[f * n], m = new double[f * n], wr = new double[2 * f * n], corr = new double[n];
      for (int j = 0; j < w.length; j++) {
        w[j] = rng.nextGaussian();
        m[j] = rng.nextGaussian();
      }
      RotationAlignment.reversedTwice(w, f, n, wr);
      RotationAlignment.correlations(wr, m, f, n, corr);
      for (int s = 0; s < n; s++) {
        double want = 0; // ⟨S_s W, M⟩ summed over f, then r, in order
        for (int a = 0; a < f; a++) for (int r = 0; r < n; r++) want += w[a * n + Math.floorMod(r - s, n)] * m[a * n + r];
        assertEquals(want, corr[s], 0.0, f + "x" + n + " shift " + s);
        double[] rolled = RotationAlignment.roll(w, f, n, s);
        for (int a = 0; a < f; a++) {
          for (int r = 0; r < n; r++) assertEquals(w[a * n + Math.floorMod(r - s, n)], rolled[a * n + r], 0.0);
        }
      }
    }
  }

  @Test
  void sameAlignmentWhateverTheThreadCount() throws Exception {
    Planted p = planted(1500, 3, 0.8, 12); // several parallel chunks, noisy enough for many updates
    RotationAlignment.Options o = RotationAlignment.Options.of(F, N_ROT).withTemplates(3).withSeed(5);
    RotationAlignment.Result one = new java.util.concurrent.ForkJoinPool(1).submit(() -> RotationAlignment.fit(p.data(), o)).get();
    RotationAlignment.Result three = new java.util.concurrent.ForkJoinPool(3).submit(() -> RotationAlignment.fit(p.data(), o)).get();
    assertArrayEquals(one.shifts(), three.shifts());
    assertArrayEquals(one.template(), three.template());
    assertEquals(one.objective(), three.objective(), 0.0);
    assertEquals(one.iterations(), three.iterations());
    for (int i = 0; i < one.aligned().length; i++) assertArrayEquals(one.aligned()[i], three.aligned()[i], 0.0);
  }
}
