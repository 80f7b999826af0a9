import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.alignment.RotationAlignment;
import org.cortexclust.clustering.kmeans.KMeans;
import org.cortexclust.clustering.metrics.ClusterMetrics;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.dec.DecKernel;
import org.cortexclust.dec.DecView;
import org.cortexclust.dec.JointDec;
import org.cortexclust.dec.Method;
import org.cortexclust.dec.RotationMode;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.model.Engines;
import org.cortexclust.training.model.StaticModel;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;

/**
 * λ sweep of the joint loss on a planted mouse (Gabor simple vs complex cells at random orientations; the two
 * planted types are the ground truth): pretrain → align → k-means (K = 2) → JointDec for each λ and rotation mode.
 * Prints one JSON line per run with Δρ_st (validation, test), ARI vs truth and silhouette before/after, times.
 * Args: neurons trials pretrainEpochs decEpochs lambdas(comma) [modes(comma), each ROTATION or ROTATION/METHOD]
 * [modelSeeds(comma)]. With several model seeds it finally prints the cross-seed stability (mean pairwise ARI of the
 * labels of the same neurons) per (mode, λ), and for the k-means start.
 */
public class JointSweepBench {
  public static void main(String[] a) {
    String[] seeds = a.length > 6 ? a[6].split(",") : new String[] {"5"};
    java.util.Map<String, List<int[]>> bySetting = new java.util.LinkedHashMap<>();
    for (String sd : seeds) run(a, Long.parseLong(sd), bySetting);
    if (seeds.length > 1) {
      bySetting.forEach((k, v) -> System.out.printf(Locale.ROOT, "{\"stability\":\"%s\",\"mean_pairwise_ari\":%.4f,"
          + "\"pairs\":%d}%n", k, ClusterMetrics.meanPairwiseAri(v).mean(), ClusterMetrics.meanPairwiseAri(v).pairs()));
    }
  }

  static void run(String[] a, long modelSeed, java.util.Map<String, List<int[]>> bySetting) {
    int neurons = Integer.parseInt(a[0]);
    int trials = Integer.parseInt(a[1]);
    int preEpochs = Integer.parseInt(a[2]);
    int decEpochs = Integer.parseInt(a[3]);
    String[] lambdas = a[4].split(",");
    String[] modes = a.length > 5 ? a[5].split(",") : new String[] {"invariant", "fixed"};
    int size = 28;
    PlantedMouse pm = PlantedMouse.generate("p1", trials, neurons, size, size, 20, 5, 0.5, 7);
    MouseData m = pm.data();
    int[] truth = new int[neurons];
    for (int i = 0; i < neurons; i++) truth[i] = pm.complex()[i] ? 1 : 0;
    int f = 4;
    int n = 8;
    ModelSpec spec = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, f, n, List.of(9, 5), false, 2, 4, size, size, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1, List.of(new MouseShape("p1", neurons)), new Regularisation(0.01, 1.0, 0));
    TrainOptions pre = new TrainOptions(32, preEpochs, 0.01, 0.3, 2, 3, 1e-6, 1e-4, modelSeed, 0, "cpu", 256);
    long t0 = System.nanoTime();
    TrainingResult tr = LibTorchTrainer.fit(spec, List.of(m), pre, Progress.NONE, null, null);
    double preSecs = (System.nanoTime() - t0) / 1e9;
    double[][] raw = JointDec.embeddings(spec, tr.params());
    RotationAlignment.Result al = RotationAlignment.fit(raw, RotationAlignment.Options.of(f, n));
    double scale = Math.sqrt(f * n);
    double[][] aligned = new DecView(f, n, true, scale, al.shifts()).forward(raw);
    KMeans.Result km = KMeans.fit(aligned, KMeans.Options.of(2, 1).withRestarts(20));
    double ariKm = ClusterMetrics.adjustedRandIndex(truth, km.labels());
    bySetting.computeIfAbsent("kmeans", x -> new java.util.ArrayList<>()).add(km.labels());
    System.out.printf(Locale.ROOT, "{\"model_seed\":%d,\"pretrain_seconds\":%.1f,\"rho_val\":%.4f,\"stop\":\"%s\",\"kmeans_ari\":%.4f,"
        + "\"kmeans_silhouette\":%.4f}%n", modelSeed, preSecs, tr.bestRhoVal(), tr.stopReason(), ariKm,
        ClusterMetrics.silhouette(aligned, km.labels()));
    double[][] centres = JointDec.centresFromLabels(aligned, km.labels(), 2);
    for (String modeSpec : modes) {
      String[] mm = modeSpec.split("/");
      String mode = mm[0];
      RotationMode rm = RotationMode.parse(mode);
      Method method = mm.length > 1 ? Method.parse(mm[1]) : Method.DEC;
      for (String ls : lambdas) {
        double lambda = Double.parseDouble(ls);
        TrainOptions o = new TrainOptions(32, decEpochs, 0.001, 0.3, 1, 100, -1, 1e-4, modelSeed, 0, "cpu", 256);
        JointDec.Options jo = new JointDec.Options(lambda, method == Method.DEC ? 1 : 2.1, 2, 20, 0, decEpochs, 1.0, rm,
            false, true, true, o, method);
        long t1 = System.nanoTime();
        JointDec.Result r = JointDec.fit(StaticModel.of(Engines.LIBTORCH, spec, tr.params(), List.of(m)), tr.params(),
            centres, al.shifts(), jo, Progress.NONE, null, null);
        double secs = (System.nanoTime() - t1) / 1e9;
        double[][] endView = r.embeddings();
        if (rm == RotationMode.INVARIANT) {
          int[][] best = DecKernel.bestShifts(endView, r.centres(), n);
          double[][] rolled = new double[endView.length][];
          for (int i = 0; i < endView.length; i++) rolled[i] = DecKernel.roll(endView[i], n, best[i][r.labels()[i]]);
          endView = rolled;
        }
        bySetting.computeIfAbsent(modeSpec + "/" + ls, x -> new java.util.ArrayList<>()).add(r.labels());
        var last = r.history().get(r.history().size() - 1);
        System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"method\":\"%s\",\"lambda\":%g,\"epochs\":%d,\"d_rho_val\":%.4f,"
            + "\"d_rho_test\":%.4f,\"rho_test_before\":%.4f,\"ari_start\":%.4f,\"ari_after\":%.4f,"
            + "\"silhouette_after\":%.4f,\"kl_last\":%.5f,\"label_change_last\":%.4f,\"seconds\":%.1f}%n",
            mode, method.name().toLowerCase(Locale.ROOT), lambda, r.epochs(), r.rhoValEnd() - r.rhoValStart(), r.rhoTestEnd() - r.rhoTestStart(),
            r.rhoTestStart(), ClusterMetrics.adjustedRandIndex(truth, r.startLabels()),
            ClusterMetrics.adjustedRandIndex(truth, r.labels()), ClusterMetrics.silhouette(endView, r.labels()),
            last.kl(), last.changed(), secs);
      }
    }
  }
}
