package org.cortexclust.clustering.tsne;

import java.util.stream.IntStream;
import org.cortexclust.clustering.graph.NearestNeighbours;
import org.cortexclust.clustering.linalg.SymmetricEigen;
import org.cortexclust.common.progress.Progress;

/**
 * Barnes–Hut t-SNE (van der Maaten 2014) with the Kobak & Berens (2019) / openTSNE protocol (docs/science.md §9):
 * sparse input affinities on the {@code 3·perplexity} nearest neighbours (perplexity calibrated per point by
 * bisection, symmetrised {@code p_ij = (p_j|i + p_i|j)/2n}); PCA initialisation rescaled so PC1 has standard
 * deviation 1e-4; early exaggeration 12 for 250 iterations with learning rate n/12, then 500 iterations with
 * learning rate n; momentum 0.8; delta-bar-delta gains (min 0.01). Gradient convention of openTSNE (no factor 4):
 * {@code ∂C/∂y_i = α Σ_j p_ij q̃_ij (y_i − y_j) − Z⁻¹ Σ_j q̃_ij² (y_i − y_j)}, q̃ = 1/(1 + d²). For pictures only:
 * never cluster on t-SNE coordinates.
 */
public final class TSne {
  private TSne() {}

  /**
   * @param perplexity            target perplexity (30)
   * @param earlyExaggeration     α during the early phase (12)
   * @param earlyIterations       early phase length (250)
   * @param iterations            main phase length (500)
   * @param learningRate          main-phase learning rate; ≤ 0 = automatic n / α (Belkina et al. 2019)
   * @param momentum              momentum (0.8)
   * @param theta                 Barnes–Hut accuracy (0.5)
   * @param seed                  seeds the tiny jitter that breaks exact ties in the PCA initialisation
   */
  public record Options(
      double perplexity, double earlyExaggeration, int earlyIterations, int iterations, double learningRate, double momentum,
      double theta, long seed) {
    public Options {
      if (!(perplexity > 1)) throw new IllegalArgumentException("perplexity must be > 1, got " + perplexity);
      if (!(earlyExaggeration >= 1)) throw new IllegalArgumentException("earlyExaggeration must be >= 1");
      if (earlyIterations < 0 || iterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
      if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1)");
      if (!(theta >= 0)) throw new IllegalArgumentException("theta must be >= 0");
    }

    public static Options defaults(long seed) {
      return new Options(30, 12, 250, 500, 0, 0.8, 0.5, seed);
    }

    public Options withPerplexity(double p) {
      return new Options(p, earlyExaggeration, earlyIterations, iterations, learningRate, momentum, theta, seed);
    }

    public Options withIterations(int early, int main) {
      return new Options(perplexity, earlyExaggeration, early, main, learningRate, momentum, theta, seed);
    }
  }

  /**
   * @param embedding n × 2 coordinates
   * @param kl        KL(P‖Q) at the end (Barnes–Hut estimate of Z)
   */
  public record Result(double[][] embedding, double kl, int iterations) {}

  /** Sparse symmetric P in CSR form. */
  record Affinities(int[] rowStart, int[] col, double[] val) {}

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    int n = x.length;
    if (n < 4) throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
    double perp = Math.min(o.perplexity(), (n - 1) / 3.0);
    int k = Math.min(n - 1, (int) Math.ceil(3 * perp));
    Affinities p = affinities(NearestNeighbours.of(x, k), perp);
    double[] y = pcaInit(x, o.seed());
    double[] upd = new double[2 * n], gains = new double[2 * n], grad = new double[2 * n];
    java.util.Arrays.fill(gains, 1);
    int total = o.earlyIterations() + o.iterations();
    double z = 1;
    for (int it = 0; it < total; it++) {
      boolean early = it < o.earlyIterations();
      double alpha = early ? o.earlyExaggeration() : 1;
      double lr = o.learningRate() > 0 ? (early ? o.learningRate() / o.earlyExaggeration() : o.learningRate()) : n / alpha;
      if (it == o.earlyIterations()) java.util.Arrays.fill(upd, 0);
      z = gradient(p, y, n, alpha, o.theta(), grad);
      for (int t = 0; t < 2 * n; t++) {
        gains[t] = Math.signum(grad[t]) != Math.signum(upd[t]) ? gains[t] + 0.2 : gains[t] * 0.8;
        if (gains[t] < 0.01) gains[t] = 0.01;
        upd[t] = o.momentum() * upd[t] - lr * gains[t] * grad[t];
        y[t] += upd[t];
      }
      centre(y, n);
      if ((it + 1) % 50 == 0 || it + 1 == total) progress.report("tsne", it + 1, total, java.util.Map.of());
    }
    double kl = kl(p, y, z);
    double[][] out = new double[n][2];
    for (int i = 0; i < n; i++) {
      out[i][0] = y[2 * i];
      out[i][1] = y[2 * i + 1];
    }
    return new Result(out, kl, total);
  }

  /** Gradient into {@code grad}; returns Z = Σ_{i≠j} q̃_ij (Barnes–Hut estimate). */
  static double gradient(Affinities p, double[] y, int n, double alpha, double theta, double[] grad) {
    QuadTree tree = new QuadTree(y, n);
    double[] zi = new double[n];
    double[][] rep = new double[n][];
    int blocks = (n + 255) / 256;
    IntStream.range(0, blocks).parallel().forEach(b -> {
      int[] stack = new int[4 * 64 + 8];
      double[] f = new double[2];
      int lo = b * 256, hi = Math.min(n, lo + 256);
      for (int i = lo; i < hi; i++) {
        zi[i] = tree.repulsion(i, y[2 * i], y[2 * i + 1], theta, f, stack);
        rep[i] = new double[] {f[0], f[1]};
      }
    });
    double z = 0;
    for (double v : zi) z += v;
    final double zz = z;
    IntStream.range(0, blocks).parallel().forEach(b -> {
      int lo = b * 256, hi = Math.min(n, lo + 256);
      for (int i = lo; i < hi; i++) {
        double ax = 0, ay = 0, yx = y[2 * i], yy = y[2 * i + 1];
        for (int q = p.rowStart()[i]; q < p.rowStart()[i + 1]; q++) {
          int j = p.col()[q];
          double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
          double w = p.val()[q] / (1 + dx * dx + dy * dy);
          ax += w * dx;
          ay += w * dy;
        }
        grad[2 * i] = alpha * ax - rep[i][0] / zz;
        grad[2 * i + 1] = alpha * ay - rep[i][1] / zz;
      }
    });
    return z;
  }

  /** KL(P‖Q) = Σ p_ij log(p_ij / q_ij) over the sparse P, q_ij = q̃_ij / Z. */
  static double kl(Affinities p, double[] y, double z) {
    double s = 0;
    int n = p.rowStart().length - 1;
    for (int i = 0; i < n; i++) {
      for (int q = p.rowStart()[i]; q < p.rowStart()[i + 1]; q++) {
        int j = p.col()[q];
        double pij = p.val()[q];
        if (pij <= 0) continue;
        double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        double qij = 1 / (1 + dx * dx + dy * dy) / z;
        s += pij * Math.log(pij / qij);
      }
    }
    return s;
  }

  /**
   * Conditional Gaussian affinities on the neighbours with per-point precision found by bisection so that the
   * entropy equals log(perplexity), then symmetrised and normalised to sum 1.
   */
  static Affinities affinities(NearestNeighbours nn, double perplexity) {
    int n = nn.index().length, k = nn.index()[0].length;
    double[][] cond = conditional(nn, perplexity);
    return symmetrise(nn, cond);
  }

  /** p_{j|i} over the neighbours of i (rows sum to 1, entropy = log perplexity). */
  static double[][] conditional(NearestNeighbours nn, double perplexity) {
    int n = nn.index().length, k = nn.index()[0].length;
    double[][] cond = new double[n][k];
    double target = Math.log(perplexity);
    IntStream.range(0, n).parallel().forEach(i -> {
      double[] d = nn.distance()[i];
      double d0 = d[0] * d[0];
      double beta = 1, lo = 0, hi = Double.POSITIVE_INFINITY;
      double[] pr = cond[i];
      for (int iter = 0; iter < 200; iter++) {
        double sum = 0, hsum = 0;
        for (int t = 0; t < k; t++) {
          double dd = d[t] * d[t] - d0; // shift for stability; cancels in normalisation
          pr[t] = Math.exp(-beta * dd);
          sum += pr[t];
          hsum += beta * dd * pr[t];
        }
        double h = Math.log(sum) + hsum / sum; // entropy of the normalised distribution
        if (Math.abs(h - target) < 1e-10) break;
        if (h > target) {
          lo = beta;
          beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
        } else {
          hi = beta;
          beta = (beta + lo) / 2;
        }
      }
      double sum = 0;
      for (double v : pr) sum += v;
      for (int t = 0; t < k; t++) pr[t] /= sum;
    });
    return cond;
  }

  private static Affinities symmetrise(NearestNeighbours nn, double[][] cond) {
    int n = nn.index().length, k = nn.index()[0].length;
    // symmetrise: p_ij = (p_j|i + p_i|j) / (2n)
    int[] rows = new int[2 * n * k], cols = new int[2 * n * k];
    double[] vals = new double[2 * n * k];
    int t = 0;
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < k; q++) {
        int j = nn.index()[i][q];
        double v = cond[i][q] / (2.0 * n);
        rows[t] = i; cols[t] = j; vals[t++] = v;
        rows[t] = j; cols[t] = i; vals[t++] = v;
      }
    }
    var m = org.cortexclust.clustering.linalg.SparseSymmetric.fromTriplets(n, rows, cols, vals, t);
    int[] rs = new int[n + 1];
    int[] c = new int[m.nonZeros()];
    double[] v = new double[m.nonZeros()];
    for (int i = 0; i < n; i++) {
      rs[i] = m.rowStart(i);
      for (int q = m.rowStart(i); q < m.rowEnd(i); q++) {
        c[q] = m.column(q);
        v[q] = m.value(q);
      }
    }
    rs[n] = m.nonZeros();
    return new Affinities(rs, c, v);
  }

  /** First two principal components, signs fixed (largest-magnitude loading positive), PC1 std = 1e-4. */
  static double[] pcaInit(double[][] x, long seed) {
    int n = x.length, d = x[0].length;
    double[] mean = new double[d];
    for (double[] r : x) for (int f = 0; f < d; f++) mean[f] += r[f] / n;
    double[][] cov = new double[d][d];
    IntStream.range(0, d).parallel().forEach(a -> {
      for (double[] r : x) {
        double va = r[a] - mean[a];
        for (int b = 0; b <= a; b++) cov[a][b] += va * (r[b] - mean[b]);
      }
    });
    for (int a = 0; a < d; a++) for (int b = 0; b < a; b++) cov[b][a] = cov[a][b];
    double[] y = new double[2 * n];
    if (d == 1) {
      for (int i = 0; i < n; i++) y[2 * i] = x[i][0] - mean[0];
    } else {
      SymmetricEigen e = SymmetricEigen.of(cov);
      for (int comp = 0; comp < 2; comp++) {
        int c = d - 1 - comp;
        int arg = 0;
        for (int f = 1; f < d; f++) if (Math.abs(e.vectors()[f][c]) > Math.abs(e.vectors()[arg][c])) arg = f;
        double sign = e.vectors()[arg][c] < 0 ? -1 : 1;
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int f = 0; f < d; f++) s += (x[i][f] - mean[f]) * e.vectors()[f][c];
          y[2 * i + comp] = sign * s;
        }
      }
    }
    double sd = 0;
    for (int i = 0; i < n; i++) sd += y[2 * i] * y[2 * i];
    sd = Math.sqrt(sd / n);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    double scale = sd > 0 ? 1e-4 / sd : 1;
    for (int t = 0; t < 2 * n; t++) y[t] = y[t] * scale + 1e-10 * (rng.nextDouble() - 0.5);
    return y;
  }

  private static void centre(double[] y, int n) {
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
      mx += y[2 * i];
      my += y[2 * i + 1];
    }
    mx /= n;
    my /= n;
    for (int i = 0; i < n; i++) {
      y[2 * i] -= mx;
      y[2 * i + 1] -= my;
    }
  }
}
