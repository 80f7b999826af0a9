package org.cortexclust.dec;

import java.util.stream.IntStream;

/**
 * The DECEMber clustering kernel (Nellen, Turishcheva et al., NeurIPS 2025; docs/papers.md §1.3): a Student-t
 * mixture with ν degrees of freedom, equal weights and per-cluster diagonal scales σ²_j. Soft assignments are the
 * mixture responsibilities, {@code q_ij = softmax_j[−½ Σ_t log σ²_jt − ((ν+d)/2) log(1 + δ_ij/ν)]} with the
 * Mahalanobis distance {@code δ_ij = Σ_t (z_it − μ_jt)²/σ²_jt}; centres and scales are re-estimated by one EM step
 * (latent scale {@code u_ij = (ν+d)/(ν+δ_ij)}, McLachlan &amp; Peel 2000) instead of by gradient descent, and the
 * embeddings get the gradient of KL(P‖Q) with P the DEC target held constant:
 * {@code ∂L/∂z_i = ((ν+d)/ν) Σ_j (p_ij − q_ij)(1 + δ_ij/ν)^{−1} Σ_j^{−1}(S z_i − μ_j)} (pulled back through the
 * per-(i, j) shift S when rotation-invariant). Variances are clamped to [1e-4, 1e4] as in the authors' code.
 */
public final class TMixture {
  static final double VAR_MIN = 1e-4;
  static final double VAR_MAX = 1e4;

  private TMixture() {}

  /** Mixture parameters: centres K × d, diagonal variances K × d. */
  public record Params(double[][] centres, double[][] variances) {}

  /** Initial variances: per-dimension unbiased within-cluster variance + 1e-6 (1e-6 for clusters of ≤ 1 point). */
  public static double[][] initialVariances(double[][] z, int[] labels, double[][] centres) {
    int k = centres.length;
    int d = centres[0].length;
    double[][] v = new double[k][d];
    int[] count = new int[k];
    for (int i = 0; i < z.length; i++) {
      count[labels[i]]++;
      for (int t = 0; t < d; t++) {
        double x = z[i][t] - centres[labels[i]][t];
        v[labels[i]][t] += x * x;
      }
    }
    for (int j = 0; j < k; j++) {
      for (int t = 0; t < d; t++) {
        v[j][t] = count[j] > 1 ? v[j][t] / (count[j] - 1) + 1e-6 : 1e-6;
        v[j][t] = Math.min(VAR_MAX, Math.max(VAR_MIN, v[j][t]));
      }
    }
    return v;
  }

  /** z_i viewed through shift s: (S_s z)[t] = z[idx[s][t]]; s = 0 returns z itself. */
  static double[] view(double[] z, int s, int[][] idx) {
    if (s == 0) return z;
    int[] ix = idx[s];
    double[] out = new double[z.length];
    for (int t = 0; t < out.length; t++) out[t] = z[ix[t]];
    return out;
  }

  /**
   * Q, and with a target P also KL(P‖Q) and ∂KL/∂z.
   *
   * @param shifts per neuron and centre (null = none)
   */
  public static DecKernel.Evaluation evaluate(double[][] z, Params m, double nu, double[][] p, int[][] shifts, int n) {
    int nz = z.length;
    int k = m.centres().length;
    int d = m.centres()[0].length;
    double[] logDet = new double[k];
    for (int j = 0; j < k; j++) {
      for (int t = 0; t < d; t++) logDet[j] += Math.log(m.variances()[j][t]);
    }
    double[][] q = new double[nz][k];
    double[][] gz = p == null ? null : new double[nz][d];
    double[] lossPer = new double[nz];
    int[][] idx = DecKernel.rollIndex(d, n);
    IntStream.range(0, nz).parallel().forEach(i -> {
      double[] delta = new double[k];
      double[] logk = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double[] zz = view(z[i], shifts == null ? 0 : shifts[i][j], idx);
        double s = 0;
        for (int t = 0; t < d; t++) {
          double x = zz[t] - m.centres()[j][t];
          s += x * x / m.variances()[j][t];
        }
        delta[j] = s;
        logk[j] = -0.5 * logDet[j] - 0.5 * (nu + d) * Math.log1p(s / nu);
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
      for (int j = 0; j < k; j++) {
        double pij = p[i][j];
        if (pij > 0) l += pij * (Math.log(pij) - Math.log(Math.max(q[i][j], 1e-300)));
        double c = ((nu + d) / nu) * (pij - q[i][j]) / (1 + delta[j] / nu);
        if (c == 0) continue;
        int s = shifts == null ? 0 : shifts[i][j];
        double[] zz = view(z[i], s, idx);
        double[] g = new double[d];
        for (int t = 0; t < d; t++) g[t] = c * (zz[t] - m.centres()[j][t]) / m.variances()[j][t];
        if (s == 0) {
          for (int t = 0; t < d; t++) gz[i][t] += g[t];
        } else {
          int[] ix = idx[s];
          for (int t = 0; t < d; t++) gz[i][ix[t]] += g[t];
        }
      }
      lossPer[i] = l;
    });
    double loss = 0;
    for (double v : lossPer) loss += v;
    return new DecKernel.Evaluation(q, p == null ? 0 : loss, gz, null);
  }

  /**
   * One EM step on the current embeddings: responsibilities q and latent scales u from the current parameters,
   * then μ_j = Σ_i q_ij u_ij z_i / Σ_i q_ij u_ij and σ²_jt = Σ_i q_ij u_ij (z_it − μ_jt)² / Σ_i q_ij (with the
   * pre-update μ, as in the authors' code), clamped.
   */
  public static Params emStep(double[][] z, Params m, double nu, int[][] shifts, int n) {
    int k = m.centres().length;
    int d = m.centres()[0].length;
    double[][] q = evaluate(z, m, nu, null, shifts, n).q();
    double[][] mu = new double[k][d];
    double[][] var = new double[k][d];
    int[][] idx = DecKernel.rollIndex(d, n);
    IntStream.range(0, k).parallel().forEach(j -> {
      double wu = 0;
      double w = 0;
      double[] old = m.centres()[j];
      for (int i = 0; i < z.length; i++) {
        double[] zz = view(z[i], shifts == null ? 0 : shifts[i][j], idx);
        double delta = 0;
        for (int t = 0; t < d; t++) {
          double x = zz[t] - old[t];
          delta += x * x / m.variances()[j][t];
        }
        double u = (nu + d) / (nu + delta);
        double qu = q[i][j] * u;
        wu += qu;
        w += q[i][j];
        for (int t = 0; t < d; t++) {
          mu[j][t] += qu * zz[t];
          double x = zz[t] - old[t];
          var[j][t] += qu * x * x;
        }
      }
      for (int t = 0; t < d; t++) {
        mu[j][t] = wu > 0 ? mu[j][t] / wu : old[t];
        var[j][t] = w > 0 ? Math.min(VAR_MAX, Math.max(VAR_MIN, var[j][t] / w)) : m.variances()[j][t];
      }
    });
    return new Params(mu, var);
  }

  /** Best shift per neuron and centre by Mahalanobis distance (ties → smallest shift). */
  public static int[][] bestShifts(double[][] z, Params m, int n) {
    int k = m.centres().length;
    int d = m.centres()[0].length;
    int[][] s = new int[z.length][k];
    int[][] idx = DecKernel.rollIndex(d, n);
    IntStream.range(0, z.length).parallel().forEach(i -> {
      for (int j = 0; j < k; j++) {
        double best = Double.POSITIVE_INFINITY;
        for (int sh = 0; sh < n; sh++) {
          double[] zz = view(z[i], sh, idx);
          double dd = 0;
          for (int t = 0; t < d; t++) {
            double x = zz[t] - m.centres()[j][t];
            dd += x * x / m.variances()[j][t];
          }
          if (sh == 0 || dd < best - 1e-12 * Math.max(1, best)) {
            best = dd;
            s[i][j] = sh;
          }
        }
      }
    });
    return s;
  }
}
