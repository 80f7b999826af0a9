// Quickstart-sized training run on planted data (1 mouse x 200 neurons x 1200 trials at 36x64, Gabor simple and
// complex cells with Poisson noise) with the shipped training defaults (cortexclust/defaults/training.yaml) plus
// optional --set style overrides. Prints rho_st per epoch, wall time, the LN baseline and the noise ceiling.
// Usage: java -cp <classpath> bench/training/QuickstartRun.java [training.key=value ...]
import java.util.ArrayList;
import java.util.List;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.training.BaselineResult;
import org.cortexclust.training.EpochRecord;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.TrainingResult;
import org.cortexclust.training.TrainingSetup;
import org.cortexclust.training.data.MouseData;
import org.cortexclust.training.data.PlantedMouse;
import org.cortexclust.training.engine.libtorch.LibTorchTrainer;
import org.cortexclust.training.engine.libtorch.LinearNonlinearBaseline;
import org.cortexclust.training.measures.Correlations;
import org.cortexclust.training.spec.ModelSpec;

public class QuickstartRun {
  public static void main(String[] args) {
    ExperimentConfig cfg = ConfigLoader.parse("quickstart-run", "seed: 1\n", List.of(args)).config();
    PlantedMouse pm = PlantedMouse.generate("sim1", 1200, 200, 36, 64, 50, 4, 0.5, 1);
    MouseData m = pm.data();
    ModelSpec spec = TrainingSetup.spec(cfg.training(), List.of(m));
    TrainOptions o = TrainingSetup.options(cfg.training(), cfg.seed());
    long t0 = System.nanoTime();
    TrainingResult r = LibTorchTrainer.fit(spec, List.of(m), o, (phase, done, total, v) -> {
      if (phase.equals("epoch")) {
        System.out.printf("epoch %d/%d rho_st_val %.4f loss %.1f lr %.2g (%.0f s)%n", done, total,
            v.get("rho_st_val"), v.get("loss"), v.get("lr"), (System.nanoTime() - t0) / 1e9);
      }
    }, null, null);
    double wall = (System.nanoTime() - t0) / 1e9;
    int[] te = m.trialIndices("test");
    float[] pred = LibTorchTrainer.predictRates(spec, r.params(), m, te, 256, o.device());
    double rhoTest = Correlations.mean(Correlations.singleTrial(m.responsesOf(te), pred, te.length, m.neurons()));
    int[] ids = new int[te.length];
    for (int i = 0; i < te.length; i++) ids[i] = m.imageIds()[te[i]];
    double cta = Correlations.mean(Correlations.toAverage(m.responsesOf(te), pred, ids, m.neurons()));
    float[] truth = new float[te.length * m.neurons()];
    for (int i = 0; i < te.length; i++) System.arraycopy(pm.trueRates(), te[i] * m.neurons(), truth, i * m.neurons(), m.neurons());
    double ceiling = Correlations.mean(Correlations.singleTrial(m.responsesOf(te), truth, te.length, m.neurons()));
    long t1 = System.nanoTime();
    BaselineResult ln = LinearNonlinearBaseline.fit(m, 150);
    double lnWall = (System.nanoTime() - t1) / 1e9;
    System.out.printf("model: %s f=%d n=%d kernels=%s readout=%s threads=%d%n", spec.coreType(), spec.features(),
        spec.rotations(), spec.kernelSizes(), spec.readoutType(), org.cortexclust.training.engine.libtorch.TorchRuntime.threads());
    System.out.printf("training wall %.1f s, %d epochs, stop: %s%n", wall, r.history().size(), r.stopReason());
    System.out.printf("rho_st val (best) %.4f @ epoch %d | rho_st test %.4f | corr_to_avg test %.4f%n", r.bestRhoVal(),
        r.bestEpoch(), rhoTest, cta);
    System.out.printf("LN baseline rho_st test %.4f (val %.4f, l2 %.0f, %.1f s) | noise ceiling rho_st test %.4f%n",
        ln.rhoStTest(), ln.rhoStVal(), ln.l2(), lnWall, ceiling);
  }
}
