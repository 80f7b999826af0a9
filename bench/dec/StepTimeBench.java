import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cortexclust.dec.DecKernel;
import org.cortexclust.dec.DecView;
import org.cortexclust.dec.TMixture;
import org.cortexclust.dec.synthetic.PlantedTypes;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.engine.libtorch.FineTuning;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;

/**
 * DEC step time at mice × neurons: (A) the per-step DEC work outside the engine (view forward/backward + KL and
 * gradients, DEC and DECEMber incl. its EM step) and the per-refresh best-shift search, pure Java; (B, optional)
 * the model's own optimiser step on the real LibTorch path (7 mice × 2000 neurons, 36 × 64 input, default core),
 * from which a full fine-tuning time is extrapolated. Args: mice neurons features rotations k [modelSteps].
 */
public class StepTimeBench {
  public static void main(String[] a) {
    int mice = Integer.parseInt(a[0]);
    int neurons = Integer.parseInt(a[1]);
    int f = Integer.parseInt(a[2]);
    int n = Integer.parseInt(a[3]);
    int k = Integer.parseInt(a[4]);
    boolean model = a.length > 5 && Boolean.parseBoolean(a[5]);
    int total = mice * neurons;
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1);
    double[][] raw = PlantedTypes.generate(total, f, n, w, 1, 0.8, 1).embeddings();
    DecView view = new DecView(f, n, true, Math.sqrt(f * n), null);
    double[][] z = view.forward(raw);
    double[][] mu = new double[k][];
    for (int j = 0; j < k; j++) mu[j] = z[j * 7].clone();
    int[][] shifts = DecKernel.bestShifts(z, mu, n);
    double[][] p = DecKernel.target(DecKernel.softAssign(z, mu, 1, shifts, n), 2);
    TMixture.Params tm = new TMixture.Params(mu, TMixture.initialVariances(z, DecKernel.labels(p), mu));
    // warm-up
    for (int r = 0; r < 3; r++) {
      view.backward(raw, DecKernel.evaluate(view.forward(raw), mu, p, 1, shifts, n).gradZ());
    }
    int reps = 10;
    long t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) {
      view.backward(raw, DecKernel.evaluate(view.forward(raw), mu, p, 1, shifts, n).gradZ());
    }
    double decStep = (System.nanoTime() - t0) / 1e9 / reps;
    t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) {
      double[][] zz = view.forward(raw);
      TMixture.Params next = TMixture.emStep(zz, tm, 2.1, shifts, n);
      view.backward(raw, TMixture.evaluate(zz, next, 2.1, p, shifts, n).gradZ());
    }
    double decemberStep = (System.nanoTime() - t0) / 1e9 / reps;
    t0 = System.nanoTime();
    for (int r = 0; r < 3; r++) DecKernel.bestShifts(z, mu, n);
    double refresh = (System.nanoTime() - t0) / 1e9 / 3;
    System.out.printf(Locale.ROOT, "{\"neurons\":%d,\"d\":%d,\"k\":%d,\"dec_step_seconds\":%.4f,"
        + "\"december_step_seconds\":%.4f,\"best_shift_refresh_seconds\":%.4f,\"cores\":%d}%n", total, f * n, k,
        decStep, decemberStep, refresh, Runtime.getRuntime().availableProcessors());
    if (!model) return;
    // (B) model optimiser steps on the real path: mice × neurons, 36 × 64 input, default core (8 × 8, [9, 3, 3])
    List<MouseShape> shapes = new java.util.ArrayList<>();
    List<MouseData> data = new java.util.ArrayList<>();
    for (int m = 0; m < mice; m++) {
      data.add(PlantedMouse.generate("m" + m, 160, neurons, 36, 64, 5, 2, 0.5, 10 + m).data());
      shapes.add(new MouseShape("m" + m, neurons));
    }
    ModelSpec spec = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, f, n, List.of(9, 3, 3), false, 2, 4, 36, 64, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.001, shapes, new Regularisation(0.5, 6.3831, 0));
    TrainOptions o = new TrainOptions(64, 1, 0.001, 0.3, 1, 5, 1e-6, 1e-4, 1, 0, "cpu", 256);
    FineTuning ft = new FineTuning(spec, spec.initialise(1, Map.of()), o, Set.of(), null);
    int trainTrials = data.get(0).trialIndices("train").length;
    int steps = Math.max(1, trainTrials / 64 + (trainTrials % 64 >= 2 ? 1 : 0));
    ft.epoch(data, 0, 0.001, Set.of(), null); // warm-up
    t0 = System.nanoTime();
    ft.epoch(data, 1, 0.001, Set.of(), null);
    double modelStep = (System.nanoTime() - t0) / 1e9 / steps;
    t0 = System.nanoTime();
    ft.validationScore(data);
    double validation = (System.nanoTime() - t0) / 1e9;
    int valTrials = data.get(0).trialIndices("validation").length;
    System.out.printf(Locale.ROOT, "{\"model_step_seconds\":%.3f,\"batch\":64,\"mice\":%d,\"validation_seconds\":%.2f,"
        + "\"validation_trials_per_mouse\":%d}%n", modelStep, mice, validation, valTrials);
  }
}
