import java.util.Locale;
import java.util.SplittableRandom;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.dec.EmbeddedDec;
import org.cortexclust.dec.RotationMode;

/**
 * The DECEMber toy (docs/papers.md §1.6): 1,000 embeddings in R^128, 300 ~ N(1·𝟙, I) and 700 ~ N(1.5·𝟙, I)
 * (centre distance √128·0.5 ≈ 5.66), raw scale. k-means (K = 2) start, then embeddings-only DEC and DECEMber
 * (λ = 1, centres only and anchored embeddings). Prints the final centre distance and ARI: plain DEC "collapses"
 * when the distance goes to ~0 and all points share one label.
 */
public class ToyCollapseBench {
  public static void main(String[] a) {
    int d = 128;
    SplittableRandom r = new SplittableRandom(1);
    double[][] z = new double[1000][d];
    int[] truth = new int[1000];
    for (int i = 0; i < z.length; i++) {
      truth[i] = i < 300 ? 0 : 1;
      for (int t = 0; t < d; t++) z[i][t] = (truth[i] == 0 ? 1.0 : 1.5) + r.nextGaussian();
    }
    KMeans.Result km = KMeans.fit(z, KMeans.Options.of(2, 1).withRestarts(20));
    System.out.printf(Locale.ROOT, "{\"method\":\"kmeans\",\"ari\":%.4f,\"centre_distance\":%.3f}%n",
        ClusterMetrics.adjustedRandIndex(truth, km.labels()), dist(km.centres()));
    double tol = a.length > 0 ? Double.parseDouble(a[0]) : 0.001; // 0 = run the full 2,000 steps
    for (boolean trainZ : new boolean[] {false, true}) {
      for (String method : new String[] {"dec", "december"}) {
        for (double lr : new double[] {0.001, 0.01}) {
          EmbeddedDec.Options o = EmbeddedDec.Options.defaults(1, 1, RotationMode.FIXED).withTrainEmbeddings(trainZ)
              .withOptimiser(org.cortexclust.dec.Optimiser.Kind.ADAM, lr).withStopping(tol, 2000);
          if (method.equals("december")) o = o.withDecember(2.1);
          EmbeddedDec.Result res = EmbeddedDec.fit(z, km.centres(), o);
          System.out.printf(Locale.ROOT, "{\"method\":\"%s\",\"train_z\":%b,\"lr\":%g,\"ari\":%.4f,"
              + "\"centre_distance\":%.3f,\"clusters_used\":%d,\"steps\":%d,\"tol\":%g}%n", method, trainZ, lr,
              ClusterMetrics.adjustedRandIndex(truth, res.labels()), dist(res.centres()),
              java.util.Arrays.stream(res.labels()).distinct().count(), res.steps(), tol);
        }
      }
    }
  }

  static double dist(double[][] c) {
    double s = 0;
    for (int t = 0; t < c[0].length; t++) s += (c[0][t] - c[1][t]) * (c[0][t] - c[1][t]);
    return Math.sqrt(s);
  }
}
