package org.cortexclust.alignment;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cortexclust.common.progress.Progress;

/**
 * Deterministic hard-shift rotation alignment of readout embeddings (docs/science.md §5.4, normalisation §5.2).
 *
 * <p>Each neuron's embedding is an {@code F × n} matrix (features × rotations) stored feature-major: element
 * {@code W[f, r]} is at index {@code f·n + r}. A cyclic shift {@code s} is {@code (S_s W)[f, r] = W[f, (r − s) mod n]}
 * (numpy {@code roll(W, s, axis=rotation)}). The algorithm: (1) optionally L2-normalise every neuron; (2) initial
 * shift moves the highest-energy rotation {@code argmax_r Σ_f W[f,r]²} to 0 (ties → smallest r); (3) templates are
 * the means of the shifted members; (4) each neuron takes the (template, shift) that maximises
 * {@code ⟨S_s W_i, M_j⟩ − ½‖M_j‖²} (i.e. minimises {@code ‖S_s W_i − M_j‖²}, ties → smallest template, then
 * smallest shift); (5) repeat until nothing changes. With one template this is alignment to a common template;
 * with several it is rotation-invariant k-means (the §5.4 variant with a per-point latent shift). The objective
 * {@code Σ_i ‖S_{s_i} W_i − M_{c_i}‖²} never increases, so the loop terminates.
 *
 * <p>Because the initial shift is a function of the rotation-invariant energy profile, rolling any neuron's
 * input leaves its aligned embedding unchanged (up to ties in the energy argmax).
 */
public final class RotationAlignment {
  private RotationAlignment() {}

  /**
   * @param features      F, number of features per rotation
   * @param rotations     n, number of rotations (1 = nothing to align)
   * @param normalise     L2-normalise each neuron before aligning (§5.2)
   * @param templates     number of templates (1 = common template; >1 = rotation-invariant k-means)
   * @param maxIterations cap on template/shift updates
   * @param seed          seeds the k-means++ choice of templates when {@code templates > 1}
   */
  public record Options(int features, int rotations, boolean normalise, int templates, int maxIterations, long seed) {
    public Options {
      if (features < 1) throw new IllegalArgumentException("features must be >= 1, got " + features);
      if (rotations < 1) throw new IllegalArgumentException("rotations must be >= 1, got " + rotations);
      if (templates < 1) throw new IllegalArgumentException("templates must be >= 1, got " + templates);
      if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
    }

    /** Defaults: normalise, one template, at most 100 iterations, seed 0. */
    public static Options of(int features, int rotations) {
      return new Options(features, rotations, true, 1, 100, 0L);
    }

    public Options withNormalise(boolean v) {
      return new Options(features, rotations, v, templates, maxIterations, seed);
    }

    public Options withTemplates(int v) {
      return new Options(features, rotations, normalise, v, maxIterations, seed);
    }

    public Options withMaxIterations(int v) {
      return new Options(features, rotations, normalise, templates, v, seed);
    }

    public Options withSeed(long v) {
      return new Options(features, rotations, normalise, templates, maxIterations, v);
    }
  }

  /**
   * @param aligned    N × (F·n) aligned (and, if requested, normalised) embeddings, feature-major
   * @param shifts     shift s_i applied to neuron i, in [0, n)
   * @param template   index of the template each neuron was aligned to
   * @param templates  the final templates (templates × F·n)
   * @param objective  Σ_i ‖S_{s_i} W_i − M_{c_i}‖²
   * @param iterations template/shift updates performed
   * @param converged  true when an update changed no shift and no template
   */
  public record Result(
      double[][] aligned, int[] shifts, int[] template, double[][] templates, double objective, int iterations,
      boolean converged) {}

  public static Result fit(float[][] data, Options o) {
    double[][] d = new double[data.length][];
    for (int i = 0; i < data.length; i++) {
      d[i] = new double[data[i].length];
      for (int j = 0; j < d[i].length; j++) d[i][j] = data[i][j];
    }
    return fit(d, o, Progress.NONE);
  }

  public static Result fit(double[][] data, Options o) {
    return fit(data, o, Progress.NONE);
  }

  public static Result fit(double[][] data, Options o, Progress progress) {
    int nObs = data.length;
    int F = o.features(), n = o.rotations(), dim = F * n;
    if (nObs == 0) throw new IllegalArgumentException("no embeddings to align");
    if (o.templates() > nObs) {
      throw new IllegalArgumentException("templates (" + o.templates() + ") exceeds the number of neurons (" + nObs + ")");
    }
    double[][] w = new double[nObs][];
    for (int i = 0; i < nObs; i++) {
      if (data[i].length != dim) {
        throw new IllegalArgumentException("embedding " + i + " has length " + data[i].length + ", expected features×rotations = "
            + F + "×" + n + " = " + dim);
      }
      w[i] = data[i].clone();
      if (o.normalise()) normaliseInPlace(w[i]);
    }
    // (2) initial canonical shift: highest-energy rotation → 0
    int[] shift = new int[nObs];
    for (int i = 0; i < nObs; i++) shift[i] = Math.floorMod(-peakRotation(w[i], F, n), n);
    int k = o.templates();
    int[] tmpl = new int[nObs];
    double[][] rolled = new double[nObs][];
    for (int i = 0; i < nObs; i++) rolled[i] = roll(w[i], F, n, shift[i]);
    double[][] means = k == 1 ? new double[][] {mean(rolled, tmpl, 0)} : seedTemplates(rolled, k, o.seed());
    if (k > 1) assignNearest(rolled, means, tmpl); // shifts fixed at the canonical ones for the first assignment
    if (k > 1) means = recomputeMeans(rolled, tmpl, means);
    int it = 0;
    boolean converged = n == 1 && k == 1;
    while (!converged && it < o.maxIterations()) {
      it++;
      final double[][] m = means;
      double[] half = new double[k];
      for (int j = 0; j < k; j++) half[j] = 0.5 * dot(m[j], m[j]);
      // every neuron's best (template, shift) depends only on its own data and the means: parallel over fixed
      // chunks of neurons, the same result whatever the thread count
      int chunks = (nObs + CHUNK - 1) / CHUNK;
      int[] changedIn = new int[chunks];
      IntStream.range(0, chunks).parallel().forEach(c -> {
        double[] wr = new double[2 * dim], corr = new double[n], buf = new double[dim];
        for (int i = c * CHUNK, end = Math.min(nObs, i + CHUNK); i < end; i++) {
          reversedTwice(w[i], F, n, wr);
          int bestJ = 0, bestS = 0;
          double best = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < k; j++) {
            correlations(wr, m[j], F, n, corr);
            for (int s = 0; s < n; s++) {
              double v = corr[s] - half[j];
              if (j + s == 0 || v > best + 1e-12 * Math.abs(best)) {
                best = v;
                bestJ = j;
                bestS = s;
              }
            }
          }
          if (bestJ != tmpl[i] || bestS != shift[i]) {
            changedIn[c]++;
            tmpl[i] = bestJ;
            shift[i] = bestS;
            rollInto(w[i], F, n, bestS, buf);
            System.arraycopy(buf, 0, rolled[i], 0, dim);
          }
        }
      });
      int changed = 0;
      for (int v : changedIn) changed += v;
      means = recomputeMeans(rolled, tmpl, means);
      progress.report("alignment", it, o.maxIterations(), java.util.Map.of("changed", (double) changed));
      if (changed == 0) converged = true;
    }
    double obj = 0;
    for (int i = 0; i < nObs; i++) obj += sqDist(rolled[i], means[tmpl[i]]);
    return new Result(rolled, shift, tmpl, means, obj, it, converged);
  }

  /** Apply {@code S_s}: out[f, r] = w[f, (r − s) mod n]. */
  public static double[] roll(double[] w, int F, int n, int s) {
    double[] out = new double[w.length];
    rollInto(w, F, n, s, out);
    return out;
  }

  static void rollInto(double[] w, int F, int n, int s, double[] out) {
    int t = Math.floorMod(s, n);
    for (int f = 0; f < F; f++) {
      // out[f, r] = w[f, r − t] for r ≥ t, w[f, r − t + n] below: two copies, no division per element
      int base = f * n;
      System.arraycopy(w, base, out, base + t, n - t);
      System.arraycopy(w, base + n - t, out, base, t);
    }
  }

  /** Rotation with the largest energy Σ_f W[f,r]², ties → smallest r. */
  static int peakRotation(double[] w, int F, int n) {
    int best = 0;
    double bestE = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < n; r++) {
      double e = 0;
      for (int f = 0; f < F; f++) e += w[f * n + r] * w[f * n + r];
      if (r == 0 || e > bestE * (1 + 1e-12) + 1e-300) {
        bestE = e;
        best = r;
      }
    }
    return best;
  }

  /** Neurons per parallel task of an alignment pass (fixed, so results do not depend on the thread count). */
  private static final int CHUNK = 512;

  /**
   * {@code out[f·2n + t] = w[f, (2n − 1 − t) mod n]} for {@code t < 2n}: each feature's rotations reversed and written
   * twice, so that {@code w[f, (r − s) mod n] = out[f·2n + n − 1 − r + s]}, contiguous and ascending in {@code s}.
   */
  static void reversedTwice(double[] w, int F, int n, double[] out) {
    for (int f = 0; f < F; f++) {
      int o = f * 2 * n, base = f * n;
      for (int t = 0; t < n; t++) {
        double v = w[base + n - 1 - t]; // (2n − 1 − t) mod n = n − 1 − t, and the same for t + n
        out[o + t] = v;
        out[o + n + t] = v;
      }
    }
  }

  /**
   * The circular cross-correlation along rotations for every shift at once: {@code corr[s] = ⟨S_s W, M⟩ =
   * Σ_{f,r} W[f,(r−s) mod n] M[f,r]}, from {@code wr} = {@link #reversedTwice}(W). Each sum runs over f, then r, in
   * order (the same bits as one shift at a time); the loop over s is contiguous, so the JIT vectorises it.
   */
  static void correlations(double[] wr, double[] m, int F, int n, double[] corr) {
    Arrays.fill(corr, 0);
    for (int f = 0; f < F; f++) {
      for (int r = 0; r < n; r++) {
        double mv = m[f * n + r];
        int o = f * 2 * n + n - 1 - r;
        for (int s = 0; s < n; s++) corr[s] += wr[o + s] * mv;
      }
    }
  }

  static void normaliseInPlace(double[] v) {
    double nrm = Math.sqrt(dot(v, v));
    if (nrm > 0) for (int j = 0; j < v.length; j++) v[j] /= nrm;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  }

  private static double sqDist(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      double t = a[j] - b[j];
      s += t * t;
    }
    return s;
  }

  private static double[] mean(double[][] x, int[] lab, int c) {
    double[] m = new double[x[0].length];
    int cnt = 0;
    for (int i = 0; i < x.length; i++) {
      if (lab[i] != c) continue;
      cnt++;
      for (int j = 0; j < m.length; j++) m[j] += x[i][j];
    }
    if (cnt > 0) for (int j = 0; j < m.length; j++) m[j] /= cnt;
    return m;
  }

  /** Means per template; an emptied template keeps its previous value. */
  private static double[][] recomputeMeans(double[][] x, int[] lab, double[][] prev) {
    int k = prev.length, dim = x[0].length;
    double[][] m = new double[k][dim];
    int[] cnt = new int[k];
    for (int i = 0; i < x.length; i++) {
      cnt[lab[i]]++;
      double[] mi = m[lab[i]];
      for (int j = 0; j < dim; j++) mi[j] += x[i][j];
    }
    for (int c = 0; c < k; c++) {
      if (cnt[c] == 0) m[c] = prev[c].clone();
      else for (int j = 0; j < dim; j++) m[c][j] /= cnt[c];
    }
    return m;
  }

  private static void assignNearest(double[][] x, double[][] means, int[] lab) {
    for (int i = 0; i < x.length; i++) {
      int b = 0;
      double bd = Double.POSITIVE_INFINITY;
      for (int c = 0; c < means.length; c++) {
        double d = sqDist(x[i], means[c]);
        if (d < bd) {
          bd = d;
          b = c;
        }
      }
      lab[i] = b;
    }
  }

  /** k-means++ seeding (Arthur & Vassilvitskii 2007) on the canonically shifted embeddings. */
  private static double[][] seedTemplates(double[][] x, int k, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int nObs = x.length;
    double[][] c = new double[k][];
    c[0] = x[rng.nextInt(nObs)].clone();
    double[] d2 = new double[nObs];
    Arrays.fill(d2, Double.POSITIVE_INFINITY);
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (int i = 0; i < nObs; i++) {
        d2[i] = Math.min(d2[i], sqDist(x[i], c[j - 1]));
        total += d2[i];
      }
      double u = rng.nextDouble() * total, acc = 0;
      int pick = nObs - 1;
      for (int i = 0; i < nObs; i++) {
        acc += d2[i];
        if (acc >= u && d2[i] > 0) {
          pick = i;
          break;
        }
      }
      c[j] = x[pick].clone();
    }
    return c;
  }
}
