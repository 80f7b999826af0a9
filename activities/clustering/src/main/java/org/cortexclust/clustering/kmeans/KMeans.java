package org.cortexclust.clustering.kmeans;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.cortexclust.clustering.linalg.BlockedDots;
import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.clustering.linalg.Rows;
import org.cortexclust.common.progress.Progress;

/**
 * k-means (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007) and restarts; the run with the lowest
 * within-cluster sum of squares wins. Parallel over fixed chunks of points with sums reduced in chunk order, so
 * deterministic for a given seed whatever the thread count (each restart draws from its own {@code SplittableRandom}
 * split). Distances come from blocked inner products ({@link DotKernel}: single-threaded OpenBLAS by default, whose
 * last bits may differ across CPU types, or {@link BlockedDots}); Hamerly's bounds skip points that provably keep their
 * centre. Empty clusters are re-seeded with the point farthest from its centre.
 */
public final class KMeans {
  private KMeans() {}

  /**
   * @param k             number of clusters
   * @param restarts      independent k-means++ starts (best objective kept)
   * @param maxIterations Lloyd iterations per start
   * @param tolerance     stop when the summed squared shift of the centres in one update is at most this times the
   *                      mean per-feature variance of the data (scikit-learn's rule), or when no label changes;
   *                      0 runs until the labels stop changing
   * @param seed          random seed
   */
  public record Options(int k, int restarts, int maxIterations, double tolerance, long seed) {
    public Options {
      if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
      if (restarts < 1) throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }

    /** scikit-learn's default tolerance (centre shift relative to the data's mean variance, see above). */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    /** Defaults (as scikit-learn): 10 restarts, 300 iterations, {@link #DEFAULT_TOLERANCE}. */
    public static Options of(int k, long seed) {
      return new Options(k, 10, 300, DEFAULT_TOLERANCE, seed);
    }

    public Options withRestarts(int r) {
      return new Options(k, r, maxIterations, tolerance, seed);
    }
  }

  /**
   * @param labels     cluster of each point in [0, k)
   * @param centres    k × d centroids
   * @param objective  within-cluster sum of squared distances (inertia)
   * @param iterations Lloyd iterations of the winning restart
   * @param converged  whether the winning restart met the tolerance before maxIterations
   */
  public record Result(int[] labels, double[][] centres, double objective, int iterations, boolean converged) {}

  public static Result fit(double[][] x, Options o) {
    return fit(x, o, Progress.NONE);
  }

  public static Result fit(double[][] x, Options o, Progress progress) {
    return fit(x, o, progress, DotKernel.get());
  }

  /** {@link #fit(double[][], Options, Progress)} with the inner products of {@code kernel}. */
  public static Result fit(double[][] x, Options o, Progress progress, DotKernel kernel) {
    return fit(Rows.copyOf(x), o, progress, kernel);
  }

  /** {@link #fit(double[][], Options, Progress, DotKernel)} on data already in one row-major array. */
  public static Result fit(Rows x, Options o, Progress progress, DotKernel kernel) {
    int n = x.rows();
    if (n < o.k()) throw new IllegalArgumentException("k (" + o.k() + ") exceeds the number of points (" + n + ")");
    try (Points p = new Points(x, kernel)) {
      SplittableRandom root = new SplittableRandom(o.seed());
      Result best = null;
      for (int r = 0; r < o.restarts(); r++) {
        SplittableRandom rng = root.split();
        Result res = lloyd(p, plusPlus(p, o.k(), rng), o, true);
        if (best == null || res.objective() < best.objective()) best = res;
        progress.report("kmeans", r + 1, o.restarts(), java.util.Map.of("inertia", best.objective()));
      }
      return best;
    }
  }

  /** Points per parallel work item; fixed, so sums and results do not depend on the number of threads. */
  private static final int CHUNK = 256, TASK = 1024;

  /**
   * Per-cluster coordinate sums and sizes of one assignment, and how many points changed cluster (the sums and counts
   * are scratch arrays, valid until the next pass).
   */
  private record Pass(double[][] sums, int[] counts, long changed) {}

  private record TaskScratch(double[][] sum, int[] cnt, int[] rows, double[][] acc) {}

  /**
   * The data (in one row-major array: {@link Rows} says why) with what every restart reuses: squared norms and, on
   * first use (k-means++), column-major blocks of {@link #CHUNK} points prepared for the kernel, and the buffers of
   * the candidates' products with them.
   */
  private static final class Points implements AutoCloseable {
    final Rows x;
    final double[] norms;
    final DotKernel kernel;
    private DotKernel.Columns[] blocks;
    /** Per block: the candidates' inner products with its points (k-means++), reused for every centre and restart. */
    private double[][][] candidateProducts;
    /** Mean over features of the per-feature variance (scales the convergence tolerance). */
    final double meanVariance;

    Points(Rows x, DotKernel kernel) {
      this.x = x;
      this.kernel = kernel;
      this.norms = x.squaredNorms();
      this.meanVariance = meanVariance(x);
    }

    /** The blocks (built on the first call, from the calling thread). */
    DotKernel.Columns[] blocks() {
      if (blocks == null) {
        int n = x.rows(), nb = (n + CHUNK - 1) / CHUNK;
        DotKernel.Columns[] bl = new DotKernel.Columns[nb];
        IntStream.range(0, nb).parallel().forEach(b -> {
          int lo = b * CHUNK, hi = Math.min(n, lo + CHUNK);
          bl[b] = kernel.columns(x.columns(lo, hi), hi - lo);
        });
        blocks = bl;
      }
      return blocks;
    }

    /** Per task of an assignment pass: its sums, counts, selected rows and products, reused by every pass. */
    private TaskScratch[] scratch;

    TaskScratch[] scratch(int tasks, int k) {
      if (scratch == null || scratch.length != tasks || scratch[0].cnt.length != k) {
        scratch = new TaskScratch[tasks];
        for (int t = 0; t < tasks; t++) scratch[t] = new TaskScratch(new double[k][x.cols()], new int[k], new int[CHUNK], new double[CHUNK][k]);
      }
      return scratch;
    }

    /** {@code [block][candidate][point of the block]}, for {@code trials} candidates. */
    double[][][] candidateProducts(int trials) {
      if (candidateProducts == null || candidateProducts[0].length != trials) {
        candidateProducts = new double[blocks().length][trials][CHUNK];
      }
      return candidateProducts;
    }

    @Override
    public void close() {
      if (blocks != null) for (DotKernel.Columns b : blocks) b.close();
      blocks = null;
    }
  }

  /** Mean over features of the (population) variance of each feature; two passes, so no cancellation. */
  static double meanVariance(double[][] x) {
    return meanVariance(Rows.copyOf(x));
  }

  static double meanVariance(Rows x) {
    int n = x.rows(), d = x.cols();
    double[] a = x.data(), mean = new double[d];
    for (int i = 0; i < n; i++) for (int f = 0, o = i * d; f < d; f++) mean[f] += a[o + f];
    for (int f = 0; f < d; f++) mean[f] /= n;
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int f = 0, o = i * d; f < d; f++) {
        double t = a[o + f] - mean[f];
        s += t * t;
      }
    }
    return s / ((double) n * d);
  }

  /** Lloyd iterations from given centres (copied). */
  public static Result lloyd(double[][] x, double[][] init, Options o) {
    return lloyd(x, init, o, true);
  }

  static Result lloyd(double[][] x, double[][] init, Options o, boolean bounds) {
    return lloyd(x, init, o, bounds, DotKernel.get());
  }

  static Result lloyd(double[][] x, double[][] init, Options o, boolean bounds, DotKernel kernel) {
    try (Points p = new Points(Rows.copyOf(x), kernel)) {
      return lloyd(p, init, o, bounds);
    }
  }

  /**
   * Lloyd iterations from given centres (copied). With {@code bounds}, Hamerly's (2010) bounds skip the full scan of
   * a point whose distance to its centre is below both half the distance from that centre to the nearest other
   * centre and a lower bound on its distance to every other centre (the second-nearest distance of its last full
   * scan, lowered by the largest centre shift since); the distance to its own centre is first bounded from above
   * (its last exact value, raised by the shifts of that centre since), so most points are skipped without reading
   * them. The labels are those of plain Lloyd up to floating-point near-ties. Without, every point is scanned every
   * iteration (the reference for tests).
   *
   * <p>Convergence as scikit-learn's Lloyd: after an update whose summed squared centre shift is at most
   * {@code tolerance × meanVariance}, or at an assignment that changes no label (the centres would not move), the
   * final assignment to the final centres is returned.
   */
  static Result lloyd(Points p, double[][] init, Options o, boolean bounds) {
    Rows x = p.x;
    int n = x.rows(), k = init.length;
    double[][] c = new double[k][];
    for (int j = 0; j < k; j++) c[j] = init[j].clone();
    int[] lab = new int[n];
    double[] dist = new double[n], lower = new double[n], upper = new double[n];
    java.util.Arrays.fill(lab, -1); // the first assignment changes every label
    double tol = o.tolerance() * p.meanVariance;
    int it = 0;
    boolean converged = false, stable = false, all = true;
    while (it < o.maxIterations()) {
      it++;
      Pass pass = assignPass(p, c, lab, dist, lower, upper, all);
      all = !bounds;
      if (pass.changed == 0) {
        converged = stable = true;
        break;
      }
      // update step from the sums of this assignment
      double[][] sum = pass.sums;
      int[] cnt = pass.counts;
      if (!all) {
        for (int j = 0; j < k; j++) {
          if (cnt[j] == 0) {
            exactDistances(x, c, lab, dist); // the re-seeding below picks by distance
            break;
          }
        }
      }
      double[] shift = moveCentres(x, c, sum, cnt, dist);
      double total = 0;
      for (int j = 0; j < k; j++) total += shift[j];
      if (bounds) {
        // every other centre came at most this much closer to each point
        double max = 0, second = 0;
        int arg = -1;
        for (int j = 0; j < k; j++) {
          double s = Math.sqrt(shift[j]);
          if (s > max) {
            second = max;
            max = s;
            arg = j;
          } else if (s > second) {
            second = s;
          }
        }
        final double mx = max, sc = second;
        final int am = arg;
        IntStream.range(0, n).parallel().forEach(i -> {
          lower[i] -= lab[i] == am ? sc : mx;
          upper[i] += Math.sqrt(shift[lab[i]]);
        });
      }
      if (total <= tol) {
        converged = true;
        break;
      }
    }
    // labels for the final centres (unless the last assignment already was: no label changed, no centre moved)
    if (!stable) assignPass(p, c, lab, dist, lower, upper, all);
    if (bounds) exactDistances(x, c, lab, dist);
    double obj = 0;
    for (double v : dist) obj += v;
    return new Result(lab, c, obj, it, converged);
  }

  /**
   * The update step: each centre moves to the mean of its points ({@code sum / cnt}); an empty cluster is re-seeded
   * with the point farthest from its centre ({@code dist}, whose entry is then zeroed). Returns the squared shift of
   * every centre. (A method of its own, like the assignment's steps, so a fresh JVM compiles it separately.)
   */
  private static double[] moveCentres(Rows x, double[][] c, double[][] sum, int[] cnt, double[] dist) {
    int k = c.length, d = c[0].length, n = x.rows();
    double[] shift = new double[k];
    for (int j = 0; j < k; j++) {
      double[] old = c[j].clone();
      if (cnt[j] == 0) {
        // re-seed an empty cluster with the point farthest from its centre
        int far = 0;
        for (int i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
        c[j] = x.row(far);
        dist[far] = 0;
      } else {
        for (int f = 0; f < d; f++) c[j][f] = sum[j][f] / cnt[j];
      }
      shift[j] = BlockedDots.squaredDistance(c[j], old);
    }
    return shift;
  }

  /** {@code dist[i] = ‖x_i − c_{lab[i]}‖²} for every point, from the differences. */
  private static void exactDistances(Rows x, double[][] c, int[] lab, double[] dist) {
    IntStream.range(0, x.rows()).parallel().forEach(i -> dist[i] = x.squaredDistance(i, c[lab[i]]));
  }

  /**
   * Nearest centre of every point (ties → smaller index); dist = squared distance. Distances are
   * {@code ‖x‖² − 2⟨x, c⟩ + ‖c‖²} with the inner products from {@link BlockedDots}; the winner's distance is then
   * recomputed exactly.
   */
  public static void assign(double[][] x, double[][] c, int[] lab, double[] dist) {
    try (Points p = new Points(Rows.copyOf(x), DotKernel.get())) {
      assignPass(p, c, lab, dist, new double[x.length], new double[x.length], true);
    }
  }

  /**
   * One assignment. {@code all}: scan every point; otherwise skip points that Hamerly's test proves keep their
   * centre, first by their upper bound alone (their {@code dist} is then left stale), then by their exact distance
   * (which tightens the upper bound). Scanned points get a fresh lower bound (second-nearest distance, lowered by a
   * round-off margin) and an exact upper bound. Returns the per-cluster sums of the new assignment, accumulated per
   * fixed task of points and reduced in task order.
   */
  private static Pass assignPass(Points p, double[][] c, int[] lab, double[] dist, double[] lower, double[] upper,
      boolean all) {
    Rows x = p.x;
    int n = x.rows(), k = c.length;
    DotKernel.Columns ct = p.kernel.columns(BlockedDots.columns(c, 0, k), k);
    double[] cn = BlockedDots.squaredNorms(c);
    double cnMax = 0;
    for (double v : cn) cnMax = Math.max(cnMax, v);
    double[] half = new double[k];
    if (!all) {
      java.util.Arrays.fill(half, Double.POSITIVE_INFINITY);
      for (int a = 0; a < k; a++) {
        for (int b = a + 1; b < k; b++) {
          double h = 0.5 * Math.sqrt(BlockedDots.squaredDistance(c[a], c[b]));
          half[a] = Math.min(half[a], h);
          half[b] = Math.min(half[b], h);
        }
      }
    }
    int d = c[0].length, tasks = (n + TASK - 1) / TASK;
    TaskScratch[] scratch = p.scratch(tasks, k);
    double[][][] sums = new double[tasks][][];
    int[][] counts = new int[tasks][];
    long[] changed = new long[tasks];
    Scan scan = new Scan(x, p.norms, c, cn, cnMax, half, lab, dist, lower, upper, all);
    IntStream.range(0, tasks).parallel().forEach(task -> {
      TaskScratch ts = scratch[task];
      double[][] sum = ts.sum;
      int[] cnt = ts.cnt;
      for (double[] row : sum) java.util.Arrays.fill(row, 0);
      java.util.Arrays.fill(cnt, 0);
      for (int lo = task * TASK, end = Math.min(n, lo + TASK); lo < end; lo += CHUNK) {
        int hi = Math.min(end, lo + CHUNK);
        int m = scan.select(lo, hi, ts.rows);
        ct.rowsTimes(x, ts.rows, m, ts.acc);
        changed[task] += scan.nearest(ts.rows, m, ts.acc);
        scan.accumulate(lo, hi, sum, cnt);
      }
      sums[task] = sum;
      counts[task] = cnt;
    });
    ct.close();
    // reduce in task order: the same sums whatever the number of threads
    for (int t = 1; t < tasks; t++) {
      for (int j = 0; j < k; j++) {
        counts[0][j] += counts[t][j];
        double[] s = sums[0][j], u = sums[t][j];
        for (int f = 0; f < d; f++) s[f] += u[f];
      }
    }
    long moved = 0;
    for (long v : changed) moved += v;
    return new Pass(sums[0], counts[0], moved);
  }

  /**
   * The per-chunk steps of {@link #assignPass}, each a small method of its own (so that a fresh JVM compiles them
   * separately and early instead of one large loop body late).
   */
  private record Scan(Rows x, double[] norms, double[][] c, double[] cn, double cnMax, double[] half, int[] lab,
      double[] dist, double[] lower, double[] upper, boolean all) {
    /** Points of {@code [lo, hi)} that need a full scan, into {@code rows}; returns how many. */
    int select(int lo, int hi, int[] rows) {
      int m = 0;
      for (int i = lo; i < hi; i++) {
        if (!all) {
          double bound = Math.max(half[lab[i]], lower[i]) * (1 - 1e-9);
          if (upper[i] < bound) continue; // the upper bound alone proves it: x_i is not read
          double e = x.squaredDistance(i, c[lab[i]]);
          upper[i] = Math.sqrt(e);
          if (upper[i] < bound) {
            dist[i] = e;
            continue;
          }
        }
        rows[m++] = i;
      }
      return m;
    }

    /** Nearest centre of each scanned row from its inner products; new bounds; returns how many labels changed. */
    int nearest(int[] rows, int m, double[][] acc) {
      int k = cn.length, moved = 0;
      for (int r = 0; r < m; r++) {
        int i = rows[r];
        double[] ar = acc[r];
        int bj = 0;
        double bv = Double.POSITIVE_INFINITY, sv = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          double v = cn[j] - 2 * ar[j];
          if (v < bv) {
            sv = bv;
            bv = v;
            bj = j;
          } else if (v < sv) {
            sv = v;
          }
        }
        if (lab[i] != bj) moved++;
        lab[i] = bj;
        dist[i] = x.squaredDistance(i, c[bj]);
        upper[i] = Math.sqrt(dist[i]);
        double s2 = sv + norms[i] - 1e-9 * (norms[i] + cnMax);
        lower[i] = s2 > 0 ? Math.sqrt(s2) : 0;
      }
      return moved;
    }

    /** Adds the points of {@code [lo, hi)} to the sums and counts of their clusters. */
    void accumulate(int lo, int hi, double[][] sum, int[] cnt) {
      double[] a = x.data();
      int d = x.cols();
      for (int i = lo; i < hi; i++) {
        cnt[lab[i]]++;
        double[] sj = sum[lab[i]];
        for (int f = 0, o = i * d; f < d; f++) sj[f] += a[o + f];
      }
    }
  }

  /**
   * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, §5 "greedy" variant as in scikit-learn): each next centre
   * is the best, by resulting potential Σ_i min_j ‖x_i − c_j‖², of {@code 2 + ⌊ln k⌋} candidates drawn with
   * probability ∝ squared distance to the nearest chosen centre.
   */
  public static double[][] plusPlus(double[][] x, int k, SplittableRandom rng) {
    try (Points p = new Points(Rows.copyOf(x), DotKernel.get())) {
      return plusPlus(p, k, rng);
    }
  }

  private static double[][] plusPlus(Points p, int k, SplittableRandom rng) {
    Rows x = p.x;
    int n = x.rows();
    int trials = 2 + (int) Math.log(k);
    double[][] c = new double[k][];
    c[0] = x.row(rng.nextInt(n));
    double[] d2 = new double[n];
    IntStream.range(0, n).parallel().forEach(i -> d2[i] = x.squaredDistance(i, c[0]));
    double[][] nd = new double[trials][n];
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (double v : d2) total += v;
      int[] cand = new int[trials];
      for (int t = 0; t < trials; t++) cand[t] = total > 0 ? sample(d2, total, rng) : rng.nextInt(n);
      candidateDistances(p, cand, d2, nd);
      double bestPot = Double.POSITIVE_INFINITY;
      double[] bestD2 = null;
      int best = cand[0];
      for (int t = 0; t < trials; t++) {
        double pot = 0;
        for (double v : nd[t]) pot += v;
        if (pot < bestPot) {
          bestPot = pot;
          bestD2 = nd[t];
          best = cand[t];
        }
      }
      c[j] = x.row(best);
      System.arraycopy(bestD2, 0, d2, 0, n);
    }
    return c;
  }

  /**
   * {@code nd[t][i] = min(d2[i], ‖x_i − x_cand[t]‖²)} with the squared distance from the blocked inner products
   * ({@code ‖x‖² − 2⟨x, c⟩ + ‖c‖²}, as scikit-learn), recomputed from the differences where it is within round-off of
   * zero, so that a point equal to a chosen centre keeps weight exactly 0 and cannot be drawn again.
   */
  private static void candidateDistances(Points p, int[] cand, double[] d2, double[][] nd) {
    Rows x = p.x;
    int n = x.rows(), m = cand.length, d = x.cols();
    double[] a = x.data();
    DotKernel.Columns[] blocks = p.blocks();
    double[][][] products = p.candidateProducts(m);
    IntStream.range(0, blocks.length).parallel().forEach(b -> {
      int lo = b * CHUNK, w = Math.min(n, lo + CHUNK) - lo;
      double[][] acc = products[b];
      blocks[b].rowsTimes(x, cand, m, acc);
      for (int t = 0; t < m; t++) {
        double ct = p.norms[cand[t]];
        double[] at = acc[t], out = nd[t];
        int oc = cand[t] * d;
        for (int j = 0; j < w; j++) {
          int i = lo + j;
          double approx = p.norms[i] - 2 * at[j] + ct;
          if (approx >= d2[i]) out[i] = d2[i];
          else if (approx > 1e-9 * (p.norms[i] + ct)) out[i] = approx;
          else out[i] = Math.min(d2[i], BlockedDots.squaredDistance(a, i * d, a, oc, d)); // (near-)duplicates stay exactly 0
        }
      }
    });
  }

  private static int sample(double[] w, double total, SplittableRandom rng) {
    double u = rng.nextDouble() * total, acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i];
      if (acc >= u && w[i] > 0) return i;
    }
    for (int i = w.length - 1; i >= 0; i--) if (w[i] > 0) return i;
    return w.length - 1;
  }
}
