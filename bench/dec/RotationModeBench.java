import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cortexclust.alignment.RotationAlignment;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.dec.EmbeddedDec;
import org.cortexclust.dec.RotationMode;
import org.cortexclust.dec.synthetic.PlantedTypes;

/**
 * Planted experiment for the default rotation mode and λ of DEC (embeddings-only): ground-truth types with random
 * preferred orientation → alignment stage (L2 + hard shifts) → k-means (20 restarts) → DEC fixed vs invariant.
 * Prints one JSON object per (noise, seed, mode, λ, trainEmbeddings). Run: see bench/dec/README.md.
 */
public class RotationModeBench {
  public static void main(String[] a) {
    int neurons = a.length > 0 ? Integer.parseInt(a[0]) : 1000;
    double scale = a.length > 1 ? Double.parseDouble(a[1]) : 1; // multiplies the aligned (unit-norm) embeddings
    double lr = a.length > 2 ? Double.parseDouble(a[2]) : 0.01;
    int f = 8;
    int n = 8;
    double[] weights = {0.4, 0.25, 0.15, 0.12, 0.08};
    int k = weights.length;
    double[] noises = {0.6, 0.9, 1.2};
    double[] lambdas = {1, 10};
    List<String> out = new ArrayList<>();
    for (double noise : noises) {
      for (long seed = 1; seed <= 3; seed++) {
        PlantedTypes.Data data = PlantedTypes.generate(neurons, f, n, weights, 1, noise, seed);
        RotationAlignment.Result al = RotationAlignment.fit(data.embeddings(), RotationAlignment.Options.of(f, n));
        double[][] x = al.aligned();
        for (double[] row : x) {
          for (int t = 0; t < row.length; t++) row[t] *= scale;
        }
        KMeans.Result km = KMeans.fit(x, KMeans.Options.of(k, seed).withRestarts(20));
        double ariKm = ClusterMetrics.adjustedRandIndex(data.types(), km.labels());
        out.add(String.format(Locale.ROOT, "{\"noise\":%.2f,\"seed\":%d,\"method\":\"kmeans\",\"ari\":%.4f}", noise,
            seed, ariKm));
        for (RotationMode mode : RotationMode.values()) {
          for (boolean trainZ : new boolean[] {false, true}) {
            for (double lambda : lambdas) {
              long t0 = System.nanoTime();
              EmbeddedDec.Result r = EmbeddedDec.fit(x, km.centres(),
                  EmbeddedDec.Options.defaults(lambda, n, mode).withTrainEmbeddings(trainZ).withOptimiser(org.cortexclust.dec.Optimiser.Kind.ADAM, lr));
              double secs = (System.nanoTime() - t0) / 1e9;
              out.add(String.format(Locale.ROOT,
                  "{\"noise\":%.2f,\"seed\":%d,\"method\":\"dec\",\"mode\":\"%s\",\"train_z\":%b,\"lambda\":%g,"
                      + "\"ari\":%.4f,\"ari_gain\":%.4f,\"steps\":%d,\"seconds\":%.3f}",
                  noise, seed, mode.name().toLowerCase(), trainZ, lambda,
                  ClusterMetrics.adjustedRandIndex(data.types(), r.labels()),
                  ClusterMetrics.adjustedRandIndex(data.types(), r.labels()) - ariKm, r.steps(), secs));
            }
          }
        }
      }
    }
    out.forEach(System.out::println);
  }
}
