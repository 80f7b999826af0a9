package org.cortexclust.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.io.Npy;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.Redaction;
import org.cortexclust.common.store.StoreSettings;
import org.cortexclust.data.fetch.HttpDownloader;
import org.cortexclust.data.fetch.S3Source;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.sensorium.ImageResize;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.SensoriumDataset;
import org.cortexclust.data.sensorium.SensoriumFormatException;
import org.cortexclust.data.sensorium.SensoriumReader;
import org.cortexclust.data.sensorium.SensoriumWriter;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;

/**
 * Turns a {@code data} config into the files of the dataset artifact (docs/artifacts.md): one {@code mouse-<key>.bin}
 * per mouse (Sensorium 2022 static layout or the static simulator; a Sensorium 2023 video layout or
 * {@code simulate-video} goes to {@link VideoDatasetImporter}), {@code dataset.json} (summary + per-mouse source digests) and {@code groundtruth.csv} when types are known.
 * Everything is written into a work directory first; the caller publishes only after this returns, so a malformed
 * mouse leaves nothing behind. Malformed data raises {@link IllegalArgumentException} (not worth retrying).
 */
public final class DatasetImporter {
  /**
   * The simulator's noise ceiling attributes: {@code noise_ceiling_rho_st} over all trials and
   * {@code noise_ceiling_rho_st_<tier>} over one tier's trials; the dataset's value is the neuron-weighted mean.
   */
  static final String CEILING = "noise_ceiling_rho_st";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What was produced: logical name → local file, in publication order, plus headline metrics. */
  public record Result(Map<String, Path> files, Map<String, Double> metrics, String datasetJson) {}

  private DatasetImporter() {}

  public static SimulatorOptions simulatorOptions(DataConfig.SimulatorConfig s) {
    return new SimulatorOptions(s.mice(), s.neurons(), s.trials(), s.height(), s.width(), s.seed(), s.testRepeats(), s.testFraction(),
        s.finalTestFraction(), s.validationFraction(), s.eyeShiftPixels());
  }

  public static Result importDataset(DataConfig c, Path work, Progress progress) throws IOException {
    return importDataset(c, work, HttpDownloader.defaultCache(), null, progress);
  }

  /**
   * As {@link #importDataset(DataConfig, Path, Progress)} with an explicit download cache for remote sources and the
   * S3 endpoint/credentials used for {@code s3://} sources (the artifact store's; null when there is none).
   */
  public static Result importDataset(DataConfig c, Path work, Path downloads, StoreSettings s3, Progress progress) throws IOException {
    return importDataset(c, c.sha256(), work, new HttpDownloader(downloads), downloads, s3, progress);
  }

  /**
   * As above with a given downloader; {@code sha256} pins an http(s) source's content (the config's, or the digest
   * {@link SourceVersion} found when it had to download to learn the version).
   */
  static Result importDataset(DataConfig c, String sha256, Path work, HttpDownloader http, Path downloads, StoreSettings s3, Progress progress)
      throws IOException {
    String source = c.source().trim();
    Path root;
    HttpDownloader.Download download = null;
    if (source.equals(DataConfig.SIMULATE_VIDEO)) {
      return VideoDatasetImporter.simulate(c, work, progress);
    }
    if (source.equals("simulate")) {
      root = work.resolve("simulated");
      V1Simulator.write(simulatorOptions(c.simulate()), root, progress);
    } else if (source.startsWith("https://") || source.startsWith("http://")) {
      download = http.fetch(source, sha256, progress);
      root = download.file();
    } else if (source.startsWith("s3://")) {
      root = S3Source.fetch(source, s3, downloads, progress);
    } else {
      root = Path.of(source);
      if (!Files.exists(root)) {
        throw new IllegalArgumentException("data.source: " + root.toAbsolutePath() + " does not exist (expected 'simulate', a mouse "
            + "folder, a folder of mouse folders/zips, or a mouse zip)");
      }
    }
    List<Path> entries;
    try {
      entries = SensoriumDataset.discover(root);
    } catch (IOException e) {
      throw new IllegalArgumentException("data.source: " + e.getMessage(), e);
    }
    if (VideoDatasetImporter.isVideo(entries.get(0))) { // Sensorium 2023 (dynamic) layout
      boolean remoteSource = download != null || source.startsWith("s3://");
      return VideoDatasetImporter.importEntries(entries, remoteSource ? Redaction.url(source) : root.toAbsolutePath().normalize().toString(), work,
          progress);
    }
    SensoriumReader.Options o = new SensoriumReader.Options(c.imageHeight(), c.imageWidth(), c.includeBehavior(),
        ImageResize.Method.parse(c.resize()));
    Path out = Files.createDirectories(work.resolve("out"));
    Map<String, Path> files = new LinkedHashMap<>();
    ObjectNode ds = JSON.createObjectNode();
    ds.put("format", "cortexclust-dataset");
    ds.put("version", 1);
    boolean remote = source.equals("simulate") || download != null || source.startsWith("s3://");
    ds.put("source", remote ? Redaction.url(source) : root.toAbsolutePath().normalize().toString());
    if (download != null) {
      ds.put("source_archive_sha256", download.sha256());
      ds.put("source_archive_bytes", download.bytes());
    }
    ds.put("image_height", c.imageHeight());
    ds.put("image_width", c.imageWidth());
    ds.put("channels", c.includeBehavior() ? 4 : 1);
    ds.put("include_behavior", c.includeBehavior());
    ds.put("resize", c.resize().toLowerCase(Locale.ROOT));
    // Mice are listed (and neurons indexed) in the order of their file names, the order in which the training stage
    // reads mouse-*.bin (sorted names), whatever order the source was discovered in.
    java.util.TreeMap<String, ObjectNode> mouseNodes = new java.util.TreeMap<>();
    java.util.TreeMap<String, List<String>> mouseGtRows = new java.util.TreeMap<>();
    Map<String, Integer> tierTotals = new LinkedHashMap<>();
    PreparedMouse.TIERS.forEach(t -> tierTotals.put(t, 0));
    int neurons = 0;
    int trials = 0;
    long sourceFiles = 0;
    long sourceBytes = 0;
    Map<String, double[]> ceilings = new java.util.TreeMap<>(); // attribute -> {neuron-weighted sum, neurons}
    boolean anyGt = false;
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (Path entry : entries) {
      try (MouseSource src = SensoriumDataset.open(entry)) {
        if (!keys.add(src.key())) {
          throw new IllegalArgumentException("data.source: mouse " + src.key() + " appears twice (" + entry + ")");
        }
        progress.report("prepare", mouseNodes.size(), entries.size(), Map.of());
        PreparedMouse m;
        try {
          m = SensoriumReader.read(src, o, progress);
        } catch (SensoriumFormatException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        Digest d = digest(src);
        String fileName = "mouse-" + safe(src.key()) + ".bin";
        if (mouseNodes.containsKey(fileName)) {
          throw new IllegalArgumentException("data.source: two mice map to the same file " + fileName + " (" + entry + ")");
        }
        Path bin = out.resolve(fileName);
        m.write(bin);
        files.put(fileName, bin);
        ObjectNode mj = JSON.createObjectNode();
        mouseNodes.put(fileName, mj);
        List<String> gtRows = new ArrayList<>();
        mouseGtRows.put(fileName, gtRows);
        mj.put("key", src.key());
        mj.put("file", fileName);
        mj.put("source", entry.getFileName().toString());
        mj.put("source_sha256", d.sha256);
        mj.put("source_files", d.files);
        mj.put("source_bytes", d.bytes);
        mj.put("trials", m.trials());
        mj.put("neurons", m.neurons());
        ObjectNode tj = mj.putObject("tiers");
        m.tierCounts().forEach((t, n) -> {
          tj.put(t, n);
          tierTotals.merge(t, n, Integer::sum);
        });
        mj.put("source_image_height", m.attributes().getOrDefault("source_image_height", Double.NaN).intValue());
        mj.put("source_image_width", m.attributes().getOrDefault("source_image_width", Double.NaN).intValue());
        for (var a : new java.util.TreeMap<>(m.attributes()).entrySet()) {
          if (a.getKey().startsWith(CEILING)) {
            mj.put(a.getKey(), a.getValue());
            double[] sn = ceilings.computeIfAbsent(a.getKey(), x -> new double[2]);
            sn[0] += a.getValue() * m.neurons();
            sn[1] += m.neurons();
          }
        }
        mj.put("ground_truth", m.groundTruth().isPresent());
        if (m.groundTruth().isPresent()) {
          anyGt = true;
          float[] nc = src.exists("meta/neurons/" + SensoriumWriter.GT_NOISE_CEILING)
              ? Npy.read(src.describe("meta/neurons/" + SensoriumWriter.GT_NOISE_CEILING),
                  src.read("meta/neurons/" + SensoriumWriter.GT_NOISE_CEILING)).toFloatArray()
              : null;
          PreparedMouse.GroundTruth g = m.groundTruth().get();
          for (int j = 0; j < m.neurons(); j++) {
            float ori = g.preferredOrientation()[j];
            gtRows.add(csv(src.key()) + "," + m.unitIds()[j] + "," + csv(g.typeNames()[g.type()[j]]) + "," + g.type()[j]
                + "," + (Float.isNaN(ori) ? "" : num(Math.toDegrees(ori) % 180.0)) + "," + num(g.rfX()[j]) + "," + num(g.rfY()[j]) + ","
                + (nc == null || !Float.isFinite(nc[j]) ? "" : num(nc[j])));
          }
        }
        neurons += m.neurons();
        trials += m.trials();
        sourceFiles += d.files;
        sourceBytes += d.bytes;
        m.close();
      }
    }
    ArrayNode mice = ds.putArray("mice");
    List<String> gtLines = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, ObjectNode> e : mouseNodes.entrySet()) {
      ObjectNode mj = e.getValue();
      mj.put("first_index", index);
      mice.add(mj);
      for (String row : mouseGtRows.get(e.getKey())) {
        gtLines.add((index++) + "," + row);
      }
      index = mj.get("first_index").asInt() + mj.get("neurons").asInt();
    }
    ds.put("neurons", neurons);
    ds.put("trials", trials);
    ObjectNode tt = ds.putObject("tiers");
    tierTotals.forEach(tt::put);
    ds.put("source_files", sourceFiles);
    ds.put("source_bytes", sourceBytes);
    ds.put("ground_truth", anyGt);
    ceilings.forEach((name, sn) -> ds.put(name, sn[0] / sn[1]));
    return publish(out, files, ds, anyGt ? gtLines : null);
  }

  /**
   * Finish a dataset artifact: {@code groundtruth.csv} (when {@code gtLines} is not null) and {@code dataset.json} in
   * {@code out}, added to {@code files}; the metrics are the counts {@code ds} records (mice, neurons, trials, trials
   * per tier, source files and bytes, the noise ceiling when known).
   */
  static Result publish(Path out, Map<String, Path> files, ObjectNode ds, List<String> gtLines) throws IOException {
    if (gtLines != null) {
      Path gt = out.resolve("groundtruth.csv");
      StringBuilder sb = new StringBuilder("index,mouse,unit_id,gt_type,gt_type_index,gt_orientation,gt_rf_x,gt_rf_y,noise_ceiling\n");
      gtLines.forEach(r -> sb.append(r).append('\n'));
      Files.writeString(gt, sb.toString(), StandardCharsets.UTF_8);
      files.put("groundtruth.csv", gt);
    }
    String json = JSON.writeValueAsString(ds);
    Path dj = out.resolve("dataset.json");
    Files.writeString(dj, json, StandardCharsets.UTF_8);
    files.put("dataset.json", dj);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("mice", (double) ds.get("mice").size());
    metrics.put("neurons", ds.get("neurons").asDouble());
    metrics.put("trials", ds.get("trials").asDouble());
    ds.get("tiers").fields().forEachRemaining(t -> metrics.put("trials_" + t.getKey(), t.getValue().asDouble()));
    metrics.put("source_files", ds.get("source_files").asDouble());
    metrics.put("source_bytes", ds.get("source_bytes").asDouble());
    ds.fieldNames().forEachRemaining(f -> {
      if (f.startsWith(CEILING)) metrics.put(f, ds.get(f).asDouble());
    });
    return new Result(files, metrics, json);
  }

  static String safe(String key) {
    return key.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String num(double v) {
    return Double.toString((float) v);
  }

  record Digest(String sha256, long files, long bytes) {}

  /** SHA-256 over the sorted lines {@code <relative path> <size> <sha256 of content>} of every file of the mouse. */
  static Digest digest(MouseSource src) throws IOException {
    try {
      MessageDigest tree = MessageDigest.getInstance("SHA-256");
      long files = 0;
      long bytes = 0;
      byte[] buf = new byte[1 << 16];
      for (Map.Entry<String, Long> f : src.files().entrySet()) {
        MessageDigest one = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = new DigestInputStream(src.open(f.getKey()), one)) {
          int n;
          while ((n = in.read(buf)) > 0) {
            size += n;
          }
        }
        tree.update((f.getKey() + " " + size + " " + HexFormat.of().formatHex(one.digest()) + "\n").getBytes(StandardCharsets.UTF_8));
        files++;
        bytes += size;
      }
      return new Digest(HexFormat.of().formatHex(tree.digest()), files, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
