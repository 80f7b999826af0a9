package org.cortexclust.dec;

import java.util.stream.IntStream;

/**
 * The DEC clustering objective (Xie, Girshick &amp; Farhadi 2016; docs/science.md §6.1): Student-t soft assignment Q,
 * sharpened target P and KL(P‖Q) with analytic gradients w.r.t. embeddings and centres. Pure Java, parallel over
 * neurons, no engine types.
 *
 * <p>Rotation-aware variant (docs/science.md §5, §6.4): with a shift matrix {@code s[i][j]} the distance of neuron i to
 * centre j is taken after the cyclic shift {@code S_{s_ij}} of its rotation axis, {@code d_ij = ‖S_{s_ij} z_i −
 * μ_j‖²}; embeddings are feature-major (index {@code f·n + r}) and {@code (S_s w)[f, r] = w[f, (r − s) mod n]}.
 * Shifts are held fixed between target refreshes and chosen by {@link #bestShifts}, so Q is invariant to cyclic
 * shifts of any neuron's input.
 */
public final class DecKernel {
  private DecKernel() {}

  /**
   * Per-point evaluation of the objective.
   *
   * @param q          soft assignments N × K
   * @param loss       KL(P‖Q) summed over neurons (0 when no target was given)
   * @param gradZ      ∂L/∂z, N × d (null when no target was given)
   * @param gradCentres ∂L/∂μ, K × d (null when no target was given)
   */
  public record Evaluation(double[][] q, double loss, double[][] gradZ, double[][] gradCentres) {
    /** Hard labels argmax_j q_ij (ties → smallest j). */
    public int[] labels() {
      return DecKernel.labels(q);
    }
  }

  /** Student-t soft assignment q_ij ∝ (1 + d_ij/α)^{−(α+1)/2} (Xie et al. 2016, eq. 1). */
  public static double[][] softAssign(double[][] z, double[][] centres, double alpha, int[][] shifts, int n) {
    return evaluate(z, centres, null, alpha, shifts, n).q();
  }

  /**
   * Target p_ij = (q_ij^e / f_j) / Σ_j' (q_ij'^e / f_j'), f_j = Σ_i q_ij (Xie et al. 2016, eq. 3 with exponent e;
   * e = 2 in the paper).
   */
  public static double[][] target(double[][] q, double exponent) {
    int k = q[0].length;
    double[] freq = new double[k];
    for (double[] row : q) {
      for (int j = 0; j < k; j++) freq[j] += row[j];
    }
    double[][] p = new double[q.length][k];
    for (int i = 0; i < q.length; i++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        p[i][j] = Math.pow(q[i][j], exponent) / Math.max(freq[j], 1e-300);
        sum += p[i][j];
      }
      for (int j = 0; j < k; j++) p[i][j] /= sum;
    }
    return p;
  }

  /** KL(P‖Q) = Σ_i Σ_j p_ij log(p_ij / q_ij) (Xie et al. 2016, eq. 2); terms with p_ij = 0 contribute 0. */
  public static double kl(double[][] p, double[][] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < p[i].length; j++) {
        if (p[i][j] > 0) s += p[i][j] * Math.log(p[i][j] / Math.max(q[i][j], 1e-300));
      }
    }
    return s;
  }

  /**
   * Q, and with a target P also KL(P‖Q) and its gradients (P held constant):
   * ∂L/∂z_i = ((α+1)/α) Σ_j S_{s_ij}ᵀ (1 + d_ij/α)^{−1} (p_ij − q_ij)(S_{s_ij} z_i − μ_j),
   * ∂L/∂μ_j = −((α+1)/α) Σ_i (1 + d_ij/α)^{−1} (p_ij − q_ij)(S_{s_ij} z_i − μ_j) (docs/science.md §6.1).
   *
   * @param p      target N × K, or null for Q only
   * @param shifts per neuron and centre, the shift applied to z_i before comparing with μ_j; null = no shift
   * @param n      rotations per feature (only read when shifts is non-null)
   */
  public static Evaluation evaluate(double[][] z, double[][] centres, double[][] p, double alpha, int[][] shifts,
      int n) {
    if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
    int nz = z.length;
    int k = centres.length;
    int d = centres[0].length;
    double[][] q = new double[nz][k];
    double[][] gz = p == null ? null : new double[nz][d];
    // per-neuron coefficient c_ij = ((α+1)/α)(1 + d_ij/α)^{-1}(p_ij − q_ij), used for both gradients
    double[][] coef = p == null ? null : new double[nz][k];
    double[] lossPer = new double[nz];
    double expo = -(alpha + 1) / 2;
    int[][] rollIdx = shifts == null ? null : rollIndex(d, n);
    IntStream.range(0, nz).parallel().forEach(i -> {
      double[] zi = z[i];
      if (zi.length != d) {
        throw new IllegalArgumentException("embedding " + i + " has " + zi.length + " values, centres have " + d);
      }
      double[] inv = new double[k];
      double[] logk = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double dist = shifts == null ? sqDist(zi, centres[j]) : sqDistIdx(zi, centres[j], rollIdx[shifts[i][j]]);
        double u = 1 + dist / alpha;
        inv[j] = 1 / u;
        logk[j] = expo * Math.log(u);
        max = Math.max(max, logk[j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        q[i][j] = Math.exp(logk[j] - max);
        sum += q[i][j];
      }
      for (int j = 0; j < k; j++) q[i][j] /= sum;
      if (p == null) return;
      double l = 0;
      double[] g = gz[i];
      for (int j = 0; j < k; j++) {
        double pij = p[i][j];
        if (pij > 0) l += pij * (Math.log(pij) - Math.log(Math.max(q[i][j], 1e-300)));
        double c = ((alpha + 1) / alpha) * inv[j] * (pij - q[i][j]);
        coef[i][j] = c;
        double[] mu = centres[j];
        if (shifts == null || shifts[i][j] == 0) {
          for (int t = 0; t < d; t++) g[t] += c * (zi[t] - mu[t]);
        } else {
          // S_sᵀ (S_s z − μ): component t of S_s z is z[idx[t]]
          int[] idx = rollIdx[shifts[i][j]];
          for (int t = 0; t < d; t++) g[idx[t]] += c * (zi[idx[t]] - mu[t]);
        }
      }
      lossPer[i] = l;
    });
    if (p == null) return new Evaluation(q, 0, null, null);
    double[][] gmu = new double[k][d];
    IntStream.range(0, k).parallel().forEach(j -> {
      double[] g = gmu[j];
      double[] mu = centres[j];
      for (int i = 0; i < nz; i++) {
        double c = coef[i][j];
        if (c == 0) continue;
        double[] zi = z[i];
        if (shifts == null || shifts[i][j] == 0) {
          for (int t = 0; t < d; t++) g[t] -= c * (zi[t] - mu[t]);
        } else {
          int[] idx = rollIdx[shifts[i][j]];
          for (int t = 0; t < d; t++) g[t] -= c * (zi[idx[t]] - mu[t]);
        }
      }
    });
    double loss = 0;
    for (double l : lossPer) loss += l;
    return new Evaluation(q, loss, gz, gmu);
  }

  /**
   * For every neuron and centre the cyclic shift s minimising ‖S_s z_i − μ_j‖² (ties → smallest s); the
   * rotation-invariant distance of docs/science.md §5.4.
   */
  public static int[][] bestShifts(double[][] z, double[][] centres, int n) {
    int k = centres.length;
    int[][] s = new int[z.length][k];
    int[][] rollIdx = rollIndex(centres[0].length, n);
    IntStream.range(0, z.length).parallel().forEach(i -> {
      for (int j = 0; j < k; j++) {
        double best = sqDist(z[i], centres[j]);
        for (int sh = 1; sh < n; sh++) {
          double dd = sqDistIdx(z[i], centres[j], rollIdx[sh]);
          if (dd < best - 1e-12 * Math.max(1, best)) {
            best = dd;
            s[i][j] = sh;
          }
        }
      }
    });
    return s;
  }

  /** Hard labels argmax_j q_ij (ties → smallest j). */
  public static int[] labels(double[][] q) {
    int[] lab = new int[q.length];
    for (int i = 0; i < q.length; i++) {
      int b = 0;
      for (int j = 1; j < q[i].length; j++) {
        if (q[i][j] > q[i][b]) b = j;
      }
      lab[i] = b;
    }
    return lab;
  }

  /** Fraction of points whose label differs between two labelings (DEC stopping rule, docs/science.md §6.1). */
  public static double changedFraction(int[] a, int[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("label vectors differ in length");
    int c = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) c++;
    }
    return a.length == 0 ? 0 : (double) c / a.length;
  }

  static double sqDist(double[] a, double[] b) {
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      double x = a[t] - b[t];
      s += x * x;
    }
    return s;
  }

  /**
   * For each shift s, the gather index of S_s: (S_s z)[t] = z[idx[s][t]], i.e. idx[s][f·n + r] = f·n + (r − s) mod n.
   */
  static int[][] rollIndex(int d, int n) {
    int[][] idx = new int[n][d];
    int f = d / n;
    for (int s = 0; s < n; s++) {
      for (int ff = 0; ff < f; ff++) {
        for (int r = 0; r < n; r++) idx[s][ff * n + r] = ff * n + Math.floorMod(r - s, n);
      }
    }
    return idx;
  }

  /** ‖S z − μ‖² with S given by its gather index. */
  static double sqDistIdx(double[] z, double[] mu, int[] idx) {
    double acc = 0;
    for (int t = 0; t < mu.length; t++) {
      double x = z[idx[t]] - mu[t];
      acc += x * x;
    }
    return acc;
  }

  /** ‖S_s z − μ‖² with (S_s z)[f, r] = z[f, (r − s) mod n], feature-major. */
  static double sqDistShifted(double[] z, double[] mu, int s, int n) {
    if (s == 0) return sqDist(z, mu);
    int f = z.length / n;
    double acc = 0;
    for (int ff = 0; ff < f; ff++) {
      int b = ff * n;
      for (int r = 0; r < n; r++) {
        double x = z[b + Math.floorMod(r - s, n)] - mu[b + r];
        acc += x * x;
      }
    }
    return acc;
  }

  /** S_s w (feature-major). */
  public static double[] roll(double[] w, int n, int s) {
    double[] out = new double[w.length];
    int f = w.length / n;
    for (int ff = 0; ff < f; ff++) {
      int b = ff * n;
      for (int r = 0; r < n; r++) out[b + r] = w[b + Math.floorMod(r - s, n)];
    }
    return out;
  }
}
