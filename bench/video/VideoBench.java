// Dynamic (video) model benchmarks on LibTorch (Java). Prints JSON lines. Run through bench/video/run.sh.
//
// throughput f n chunk batch steps warmup rounds threads [kernels=13,5,5,5] [temporal=11,5,5,5] [neurons=1000]
//   training steps per second for the factorised and the full-3D core, alternating (rounds × both), one mouse of
//   synthetic 36×64 video; frames/s = batch·chunk / s per step.
// smoke f n chunk epochs threads [mice=2] [neurons=60] [trials=40] [seed=1]
//   simulate mice with the video simulator, train a factorised core, fit the video LN baseline, compare the
//   Sensorium 2023 score (oracle tier, first 50 frames of each trial dropped).
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.data.simulator.VideoSimulator;
import org.cortexclust.data.simulator.VideoSimulatorOptions;
import org.cortexclust.training.BaselineResult;
import org.cortexclust.training.TrainOptions;
import org.cortexclust.training.data.VideoData;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.cortexclust.training.engine.libtorch.VideoLinearNonlinear;
import org.cortexclust.training.engine.libtorch.VideoTrainer;
import org.cortexclust.training.measures.VideoCorrelations;
import org.cortexclust.training.spec.CoreType;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.MouseShape;
import org.cortexclust.training.spec.ReadoutType;
import org.cortexclust.training.spec.Regularisation;
import org.cortexclust.training.spec.SpaceTime;
import org.cortexclust.training.spec.VideoSpec;

public class VideoBench {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("throughput")) {
      throughput(Arrays.copyOfRange(a, 1, a.length));
    } else {
      smoke(Arrays.copyOfRange(a, 1, a.length));
    }
  }

  static List<Integer> ints(String s) {
    return Arrays.stream(s.split(",")).map(Integer::valueOf).toList();
  }

  static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
  }

  static VideoSpec spec(SpaceTime st, int f, int n, List<Integer> kernels, List<Integer> temporal, List<MouseShape> mice, double gammaInput) {
    ModelSpec base = new ModelSpec(CoreType.ROTATION_EQUIVARIANT, f, n, kernels, false, 2, VideoData.CHANNELS, 36, 64, 0.1,
        ReadoutType.GAUSSIAN, 0.3, 0.1, 0.1, mice, new Regularisation(0, gammaInput, 0));
    return new VideoSpec(base, st, temporal, Boolean.getBoolean("shifter"));
  }

  static void throughput(String[] a) throws Exception {
    int f = Integer.parseInt(a[0]);
    int n = Integer.parseInt(a[1]);
    int chunk = Integer.parseInt(a[2]);
    int batch = Integer.parseInt(a[3]);
    int steps = Integer.parseInt(a[4]);
    int warmup = Integer.parseInt(a[5]);
    int rounds = Integer.parseInt(a[6]);
    int threads = Integer.parseInt(a[7]);
    List<Integer> kernels = ints(a.length > 8 ? a[8] : "13,5,5,5");
    List<Integer> temporal = ints(a.length > 9 ? a[9] : "11,5,5,5");
    int neurons = a.length > 10 ? Integer.parseInt(a[10]) : 1000;
    TorchRuntime.ensureLoaded(threads);
    SplittableRandom r = new SplittableRandom(42);
    List<VideoData.Trial> trials = new ArrayList<>();
    for (int i = 0; i < Math.max(2, batch); i++) {
      float[] v = new float[chunk * 36 * 64];
      float[] b = new float[chunk * 2];
      float[] y = new float[chunk * neurons];
      for (int q = 0; q < v.length; q++) v[q] = (float) r.nextGaussian();
      for (int q = 0; q < b.length; q++) b[q] = (float) r.nextDouble();
      for (int q = 0; q < y.length; q++) y[q] = (float) Math.floor(r.nextDouble() * 3);
      trials.add(new VideoData.Trial("train", chunk, v, b, y));
    }
    int[] units = new int[neurons];
    Arrays.setAll(units, i -> i);
    VideoData m = new VideoData("bench", neurons, 36, 64, trials, units);
    TrainOptions o = new TrainOptions(Math.max(2, batch), 1, 0.005, 0.3, 1, 1, 1e-6, 1e-4, 1, threads,
        System.getProperty("device", "cpu"), 8);
    VideoTrainer.VideoOptions vo = new VideoTrainer.VideoOptions(chunk, 50);
    double[] median = new double[2];
    for (int round = 1; round <= rounds; round++) {
      for (SpaceTime st : SpaceTime.values()) {
        VideoSpec spec = spec(st, f, n, kernels, temporal, List.of(new MouseShape("bench", neurons)), 0);
        double[] s = VideoTrainer.timeTrainingSteps(spec, m, o, vo, warmup, steps);
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double med = sorted[sorted.length / 2];
        median[st.ordinal()] += med / rounds;
        int b = o.batchSize();
        int out = spec.outputFrames(chunk);
        System.out.printf("{\"bench\":\"video_throughput\",\"round\":%d,\"space_time\":\"%s\",\"f\":%d,\"n\":%d,\"kernels\":\"%s\","
            + "\"temporal\":\"%s\",\"chunk\":%d,\"batch\":%d,\"neurons\":%d,\"threads\":%d,\"s_per_step\":%s,\"median_s\":%.3f,"
            + "\"input_frames_per_s\":%.2f,\"output_frames_per_s\":%.2f,\"load1\":%s}%n", round, st, f, n, kernels, temporal, chunk, b,
            neurons, threads, Arrays.toString(s).replace(" ", ""), med, b * chunk / med, b * out / med, load());
      }
    }
    // epoch of the 10-mouse Sensorium 2023 data, assumed ~4,500 train chunks (docs/dynamic.md §5, not verified)
    int b = o.batchSize();
    System.out.printf("{\"bench\":\"video_throughput_summary\",\"full3d_over_factorised_s_per_step\":%.2f,"
        + "\"epoch_4500_chunks_hours_factorised\":%.2f,\"epoch_4500_chunks_hours_full3d\":%.2f}%n", median[1] / median[0],
        4500.0 / b * median[0] / 3600, 4500.0 / b * median[1] / 3600);
  }

  static void smoke(String[] a) throws Exception {
    int f = Integer.parseInt(a[0]);
    int n = Integer.parseInt(a[1]);
    int chunk = Integer.parseInt(a[2]);
    int epochs = Integer.parseInt(a[3]);
    int threads = Integer.parseInt(a[4]);
    int nMice = a.length > 5 ? Integer.parseInt(a[5]) : 2;
    int neurons = a.length > 6 ? Integer.parseInt(a[6]) : 60;
    int nTrials = a.length > 7 ? Integer.parseInt(a[7]) : 40;
    long seed = a.length > 8 ? Long.parseLong(a[8]) : 1;
    List<Integer> kernels = ints(System.getProperty("kernels", "9,5"));
    List<Integer> temporal = ints(System.getProperty("temporal", "7,3"));
    String st = System.getProperty("spaceTime", "factorised");
    TorchRuntime.ensureLoaded(threads);
    long t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("videobench");
    // -DeyeShift=px: receptive fields move with the eye (what -Dshifter=true learns to follow)
    double eyeShift = Double.parseDouble(System.getProperty("eyeShift", "0"));
    VideoSimulatorOptions so = new VideoSimulatorOptions(nMice, neurons, nTrials, 36, 64, 90, 150, 0.2, seed, eyeShift);
    List<VideoData> mice = new ArrayList<>();
    for (Path p : VideoSimulator.write(so, dir, Progress.NONE)) {
      try (VideoMouse vm = VideoMouse.open(MouseSource.folder(p))) {
        mice.add(VideoData.read(vm));
      }
    }
    double simS = (System.nanoTime() - t0) / 1e9;
    List<MouseShape> shapes = mice.stream().map(m -> new MouseShape(m.mouseId(), m.neurons())).toList();
    VideoSpec spec = spec(SpaceTime.parse(st), f, n, kernels, temporal, shapes, 0.5);
    TrainOptions o = new TrainOptions(8, epochs, 0.005, 0.3, 2, 3, 1e-6, 1e-4, seed, threads,
        System.getProperty("device", "cpu"), 8);
    long t1 = System.nanoTime();
    VideoTrainer.Result res = VideoTrainer.fit(spec, mice, o, new VideoTrainer.VideoOptions(chunk, VideoCorrelations.SKIP),
        (stage, done, total, m) -> System.err.println(stage + " " + done + "/" + total + " " + m), null, null);
    double trainS = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    double lnSum = 0;
    long lnCount = 0;
    for (VideoData m : Boolean.parseBoolean(System.getProperty("ln", "true")) ? mice : List.<VideoData>of()) {
      BaselineResult b = VideoLinearNonlinear.fit(m, spec.temporalReceptiveField(), 2, 3, VideoCorrelations.SKIP, 100);
      lnSum += b.rhoStVal() * m.neurons();
      lnCount += m.neurons();
      System.err.println("LN " + m.mouseId() + " rho " + b.rhoStVal() + " l2 " + b.l2());
    }
    double lnS = (System.nanoTime() - t2) / 1e9;
    System.out.printf("{\"bench\":\"video_smoke\",\"eye_shift\":%s,\"shifter\":%s,\"space_time\":\"%s\",\"f\":%d,\"n\":%d,\"kernels\":\"%s\",\"temporal\":\"%s\","
        + "\"chunk\":%d,\"mice\":%d,\"neurons\":%d,\"trials\":%d,\"epochs_run\":%d,\"best_epoch\":%d,\"cnn_rho_oracle\":%.4f,"
        + "\"ln_rho_oracle\":%s,\"simulate_s\":%.1f,\"train_s\":%.1f,\"ln_s\":%.1f,\"stop\":\"%s\",\"load1\":%s}%n", eyeShift,
        Boolean.getBoolean("shifter"), st, f, n, kernels,
        temporal, chunk, nMice, neurons, nTrials, res.training().history().size(), res.training().bestEpoch(),
        res.training().bestRhoVal(), lnCount > 0 ? String.format(java.util.Locale.ROOT, "%.4f", lnSum / lnCount) : "null", simS, trainS, lnS, res.training().stopReason(), load());
  }
}
