// Benchmark of the data stage (prints JSON). Run from the repository root after `mvn -o -q -pl activities/data -am compile`:
//   bash bench/data/run.sh simulate              # quickstart simulation (1 mouse, 200 neurons, 1200 trials, 72x128)
//   bash bench/data/run.sh sensorium /tmp/sens   # Sensorium-sized mouse: 6000 trials x 8000 neurons, 144x256 -> 36x64
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.io.NpyArray;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.SensoriumReader;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;

public class DataBench {
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "simulate";
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    if (mode.equals("simulate")) {
      Path dir = Files.createTempDirectory("simbench");
      SimulatorOptions o = SimulatorOptions.defaults(1);
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      var mouse = V1Simulator.simulate(o, 0);
      long t1 = System.nanoTime();
      out.put("simulate_in_memory_cpu_s", (cpuNanos() - c0) / 1e9);
      var folders = V1Simulator.write(o, dir, Progress.NONE);
      long t2 = System.nanoTime();
      PreparedMouse pm;
      try (MouseSource src = MouseSource.folder(folders.get(0))) {
        pm = SensoriumReader.read(src, SensoriumReader.Options.baseline(), Progress.NONE);
      }
      long t3 = System.nanoTime();
      out.put("neurons", o.neurons());
      out.put("trials", o.trials());
      out.put("image", o.height() + "x" + o.width());
      out.put("simulate_in_memory_s", (t1 - t0) / 1e9);
      out.put("simulate_and_write_s", (t2 - t1) / 1e9);
      out.put("read_prepare_s", (t3 - t2) / 1e9);
      out.put("noise_ceiling_rho_st", pm.attributes().get("noise_ceiling_rho_st"));
      out.put("tiers", pm.tierCounts().toString());
      deleteTree(dir);
    } else {
      Path dir = Path.of(args.length > 1 ? args[1] : "/tmp/sensorium-bench");
      int trials = args.length > 2 ? Integer.parseInt(args[2]) : 6000;
      int neurons = args.length > 3 ? Integer.parseInt(args[3]) : 8000;
      Path folder = dir.resolve("static99999-1-1-GrayImageNet-bench");
      Path zip = dir.resolve("static99999-1-1-GrayImageNet-bench.zip");
      if (!Files.exists(folder)) {
        long g0 = System.nanoTime();
        makeSensoriumSized(folder, trials, neurons, 144, 256);
        out.put("generate_folder_s", (System.nanoTime() - g0) / 1e9);
        long z0 = System.nanoTime();
        zipFolder(folder, zip);
        out.put("zip_s", (System.nanoTime() - z0) / 1e9);
      }
      out.put("trials", trials);
      out.put("neurons", neurons);
      for (String which : new String[] {"folder", "zip"}) {
        long r0 = System.nanoTime();
        long rc0 = cpuNanos();
        PreparedMouse pm;
        try (MouseSource src = which.equals("folder") ? MouseSource.folder(folder) : MouseSource.zip(zip)) {
          pm = SensoriumReader.read(src, SensoriumReader.Options.baseline(), Progress.NONE);
        }
        double s = (System.nanoTime() - r0) / 1e9;
        out.put(which + "_read_prepare_s", s);
        out.put(which + "_read_prepare_cpu_s", (cpuNanos() - rc0) / 1e9);
        out.put(which + "_trials_per_s", trials / s);
        Path bin = dir.resolve("mouse-" + which + ".bin");
        long w0 = System.nanoTime();
        pm.write(bin);
        out.put(which + "_write_bin_s", (System.nanoTime() - w0) / 1e9);
        out.put("bin_mb", Files.size(bin) >> 20);
        pm = null;
        System.gc();
        long o0 = System.nanoTime();
        double sum = 0;
        try (PreparedMouse m = PreparedMouse.open(bin)) {
          FloatBuffer im = m.images();
          while (im.hasRemaining()) {
            sum += im.get();
          }
          FloatBuffer r = m.responses();
          while (r.hasRemaining()) {
            sum += r.get();
          }
        }
        double ws = (System.nanoTime() - o0) / 1e9;
        out.put(which + "_warm_open_and_scan_s", ws);
        out.put(which + "_warm_trials_per_s", trials / ws);
        out.put("checksum_" + which, sum);
      }
    }
    out.put("peak_heap_mb", peakHeapMb());
    out.put("peak_rss_mb", peakRssMb());
    StringBuilder sb = new StringBuilder("{");
    out.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
        .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
    System.out.println(sb.append('}'));
  }

  /** A Sensorium-sized mouse with random content (8-bit images, Poisson-ish responses) and correct statistics shapes. */
  static void makeSensoriumSized(Path root, int t, int n, int h, int w) throws IOException {
    SplittableRandom rng = new SplittableRandom(1);
    for (String k : new String[] {"images", "responses", "behavior", "pupil_center"}) {
      Files.createDirectories(root.resolve("data").resolve(k));
    }
    double[] rs = new double[n];
    double[] rss = new double[n];
    float[] img = new float[h * w];
    float[] resp = new float[n];
    for (int i = 0; i < t; i++) {
      for (int q = 0; q < img.length; q++) {
        img[q] = rng.nextInt(256);
      }
      for (int j = 0; j < n; j++) {
        resp[j] = (float) (rng.nextDouble() < 0.6 ? 0 : -Math.log(rng.nextDouble()));
        rs[j] += resp[j];
        rss[j] += resp[j] * resp[j];
      }
      Npy.write(root.resolve("data/images/" + i + ".npy"), NpyArray.ofFloats(img, 1, h, w));
      Npy.write(root.resolve("data/responses/" + i + ".npy"), NpyArray.ofFloats(resp));
      Npy.write(root.resolve("data/behavior/" + i + ".npy"), NpyArray.ofFloats(new float[] {30 + rng.nextInt(10), rng.nextFloat(), rng.nextInt(20)}));
      Npy.write(root.resolve("data/pupil_center/" + i + ".npy"), NpyArray.ofFloats(new float[] {100 + rng.nextFloat(), 60 + rng.nextFloat()}));
    }
    Path nm = Files.createDirectories(root.resolve("meta/neurons"));
    int[] ids = new int[n];
    for (int j = 0; j < n; j++) {
      ids[j] = j + 1;
    }
    Npy.write(nm.resolve("unit_ids.npy"), NpyArray.ofInts(ids));
    Npy.write(nm.resolve("cell_motor_coordinates.npy"), NpyArray.ofFloats(new float[n * 3], n, 3));
    Path tm = Files.createDirectories(root.resolve("meta/trials"));
    String[] tiers = new String[t];
    int[] fid = new int[t];
    for (int i = 0; i < t; i++) {
      tiers[i] = i < 1000 ? "test" : i < 1500 ? "validation" : "train";
      fid[i] = i < 1000 ? i / 10 : i;
    }
    Npy.write(tm.resolve("tiers.npy"), NpyArray.ofStrings(tiers));
    Npy.write(tm.resolve("frame_image_id.npy"), NpyArray.ofInts(fid));
    float[] std = new float[n];
    float[] mean = new float[n];
    for (int j = 0; j < n; j++) {
      mean[j] = (float) (rs[j] / t);
      std[j] = (float) Math.sqrt(Math.max(0, rss[j] / t - mean[j] * mean[j]));
    }
    stats(root, "images", new float[] {127.5f}, new float[] {73.9f}, true);
    stats(root, "responses", mean, std, false);
    stats(root, "behavior", new float[] {34.5f, 0.5f, 9.5f}, new float[] {2.9f, 0.29f, 5.8f}, false);
    stats(root, "pupil_center", new float[] {100.5f, 60.5f}, new float[] {0.29f, 0.29f}, false);
    Files.writeString(root.resolve("config.json"), "{\"links\": {}}");
  }

  static void stats(Path root, String kind, float[] mean, float[] std, boolean scalar) throws IOException {
    Path d = Files.createDirectories(root.resolve("meta/statistics/" + kind + "/all"));
    Npy.write(d.resolve("mean.npy"), scalar ? NpyArray.ofFloats(mean).reshape() : NpyArray.ofFloats(mean));
    Npy.write(d.resolve("std.npy"), scalar ? NpyArray.ofFloats(std).reshape() : NpyArray.ofFloats(std));
  }

  static void zipFolder(Path folder, Path zip) throws IOException {
    try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os);
        Stream<Path> s = Files.walk(folder)) {
      z.setLevel(1);
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(folder.getFileName() + "/" + folder.relativize(p)));
        Files.copy(p, z);
        z.closeEntry();
      }
    }
  }

  /** CPU time of this process (all threads): shows the work independent of other load on the machine. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static long peakHeapMb() {
    long peak = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  static long peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
      }
    }
    return -1;
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
