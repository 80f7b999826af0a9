package org.cortexclust.training.spec;

/**
 * Steerable 2-D Hermite-Gaussian filter basis (Ecker et al. 2019; docs/science.md §2.2). A filter is a linear
 * combination of {@code k(k+1)/2} basis images; rotating the filter is an exact block-diagonal rotation of the
 * coefficients, so no pixel interpolation is involved.
 *
 * <p>The basis is evaluated on a {@code k·u × k·u} grid, every image is scaled to unit L2 norm there and then each
 * {@code u × u} block is <b>summed</b> to give the {@code k × k} kernel (summing is linear, so it commutes with the
 * coefficient combination).
 */
public final class HermiteBasis {
  private final int kernel;
  private final int count;
  /** basis[b][y*k + x], downsampled. */
  private final double[][] basis;
  private final int[] mu;
  /** 'z' (rotation-symmetric), 'r' / 'i' (real / imaginary part of a quadrature pair). */
  private final char[] kind;

  private HermiteBasis(int kernel, double[][] basis, int[] mu, char[] kind) {
    this.kernel = kernel;
    this.count = basis.length;
    this.basis = basis;
    this.mu = mu;
    this.kind = kind;
  }

  /** Basis for kernel size {@code k} evaluated with upsampling {@code u} (2 in the references). */
  public static HermiteBasis of(int k, int u) {
    if (k < 1 || u < 1) {
      throw new IllegalArgumentException("kernel size and upsampling must be >= 1, got k=" + k + ", u=" + u);
    }
    int npts = k * u;
    int nb = k * (k + 1) / 2;
    double[] xs = new double[npts];
    double a = 2 * Math.sqrt(k) * (1 - 1.0 / npts);
    for (int i = 0; i < npts; i++) {
      xs[i] = npts == 1 ? 0 : -a + 2 * a * i / (npts - 1);
    }
    int[] mus = new int[nb];
    int[] nus = new int[nb];
    char[] kinds = new char[nb];
    int b = 0;
    for (int m = 0; m < k; m++) {
      // angular frequencies |{-m, -m+2, ..., m}| sorted: one 0 for even m, then (r, i) pairs
      if (m % 2 == 0) {
        mus[b] = 0;
        nus[b] = m / 2;
        kinds[b++] = 'z';
      }
      for (int f = (m % 2 == 0 ? 2 : 1); f <= m; f += 2) {
        for (char c : new char[] {'r', 'i'}) {
          mus[b] = f;
          nus[b] = (m - f) / 2;
          kinds[b++] = c;
        }
      }
    }
    double[][] up = new double[nb][npts * npts];
    for (int j = 0; j < nb; j++) {
      int mj = mus[j];
      int nj = nus[j];
      double[] coef = laguerreCoefficients(mj, nj);
      double norm2 = 0;
      for (int y = 0; y < npts; y++) {
        for (int x = 0; x < npts; x++) {
          double r2 = xs[y] * xs[y] + xs[x] * xs[x];
          double theta = Math.atan2(xs[y], xs[x]);
          double poly = 0;
          for (int r = coef.length - 1; r >= 0; r--) {
            poly = poly * r2 + coef[r];
          }
          double radial = Math.exp(-r2 / 4) * Math.pow(Math.sqrt(r2), mj) * poly;
          double v = switch (kinds[j]) {
            case 'z' -> radial;
            case 'r' -> radial * Math.cos(mj * theta);
            default -> radial * Math.sin(mj * theta);
          };
          up[j][y * npts + x] = v;
          norm2 += v * v;
        }
      }
      double inv = 1 / Math.sqrt(norm2);
      for (int i = 0; i < up[j].length; i++) {
        up[j][i] *= inv;
      }
    }
    double[][] down = new double[nb][k * k];
    for (int j = 0; j < nb; j++) {
      for (int y = 0; y < npts; y++) {
        for (int x = 0; x < npts; x++) {
          down[j][(y / u) * k + x / u] += up[j][y * npts + x];
        }
      }
    }
    return new HermiteBasis(k, down, mus, kinds);
  }

  /** c_r of P_{μν}(t) = Σ_r c_r t^r (docs/science.md §2.2). */
  private static double[] laguerreCoefficients(int mu, int nu) {
    double[] c = new double[nu + 1];
    for (int r = 0; r <= nu; r++) {
      c[r] = fact(mu + nu) * fact(nu) * Math.pow(-2, nu - r) / (fact(mu + r) * fact(r) * fact(nu - r));
    }
    return c;
  }

  private static double fact(int n) {
    double f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  public int kernel() {
    return kernel;
  }

  /** Number of basis functions, k(k+1)/2. */
  public int count() {
    return count;
  }

  /** Basis image b as a row-major k×k array (a copy). */
  public double[] image(int b) {
    return basis[b].clone();
  }

  public int frequency(int b) {
    return mu[b];
  }

  public char kind(int b) {
    return kind[b];
  }

  /**
   * Coefficient rotation matrix R(φ) (count × count, row-major): identity on 'z' entries and
   * {@code [[cos μφ, sin μφ], [−sin μφ, cos μφ]]} on each (r, i) pair (docs/science.md §2.2).
   */
  public double[][] rotation(double phi) {
    double[][] rm = new double[count][count];
    for (int j = 0; j < count; j++) {
      if (kind[j] == 'z') {
        rm[j][j] = 1;
      } else if (kind[j] == 'r') {
        double c = Math.cos(mu[j] * phi);
        double s = Math.sin(mu[j] * phi);
        rm[j][j] = c;
        rm[j][j + 1] = s;
        rm[j + 1][j] = -s;
        rm[j + 1][j + 1] = c;
      }
    }
    return rm;
  }

  /**
   * The synthesis maps of all n rotations, {@link #rotatedSynthesis} r = 0 .. n−1, as one row-major (n, k·k, count)
   * array: what both engines multiply the coefficients with.
   */
  public double[] allRotatedSyntheses(int n) {
    int kk = kernel * kernel;
    int nb = count();
    double[] all = new double[n * kk * nb];
    for (int r = 0; r < n; r++) {
      double[][] kr = rotatedSynthesis(r, n);
      for (int p = 0; p < kk; p++) {
        System.arraycopy(kr[p], 0, all, (r * kk + p) * nb, nb);
      }
    }
    return all;
  }

  /**
   * The linear map from coefficients to the kernel of rotation r of n: {@code K_r = H^T R(2πr/n)}, shape
   * (k·k) × count, row-major, so that {@code w_r = K_r c}.
   */
  public double[][] rotatedSynthesis(int r, int n) {
    double[][] rm = rotation(2 * Math.PI * r / n);
    double[][] k = new double[kernel * kernel][count];
    for (int p = 0; p < kernel * kernel; p++) {
      for (int j = 0; j < count; j++) {
        double s = 0;
        for (int b = 0; b < count; b++) {
          s += basis[b][p] * rm[b][j];
        }
        k[p][j] = s;
      }
    }
    return k;
  }
}
