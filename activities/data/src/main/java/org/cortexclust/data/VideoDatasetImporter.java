package org.cortexclust.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.prepared.PreparedMouse;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.SensoriumDataset;
import org.cortexclust.data.sensorium.SensoriumFormatException;
import org.cortexclust.data.sensorium.SensoriumReader;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.data.simulator.VideoSimulator;
import org.cortexclust.data.simulator.VideoSimulatorOptions;

/**
 * The dynamic (video) dataset artifact: one {@code video-<key>.zip} per mouse holding the mouse's Sensorium 2023 files
 * unchanged (read in place by {@link VideoMouse} through {@link MouseSource#zip}), {@code dataset.json} with
 * {@code "kind": "video"} (so the training stage can tell it from a static dataset, whose mice are
 * {@code mouse-<key>.bin}) and {@code groundtruth.csv} (the static artifact's columns) when types are known. Every
 * trial of every mouse is read and checked first; a malformed mouse raises {@link IllegalArgumentException} listing
 * every problem and leaves nothing to publish. Same inputs, byte-identical zips (sorted entries, fixed timestamps).
 */
public final class VideoDatasetImporter {
  /** Prefix of a video mouse's file in the dataset artifact. */
  public static final String PREFIX = "video-";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** 1980-01-01 00:00, the earliest time a zip entry can record: every entry gets it (whatever the time zone). */
  private static final java.time.LocalDateTime ZIP_EPOCH = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

  private VideoDatasetImporter() {}

  public static VideoSimulatorOptions simulatorOptions(DataConfig.VideoSimulatorConfig s) {
    return new VideoSimulatorOptions(s.mice(), s.neurons(), s.trials(), s.height(), s.width(), s.minFrames(), s.maxFrames(),
        s.oracleFraction(), s.seed(), s.eyeShift());
  }

  /** Simulate the {@code data.simulate_video} mice and import them. */
  public static DatasetImporter.Result simulate(DataConfig c, Path work, Progress progress) throws IOException {
    Path root = work.resolve("simulated-video");
    List<Path> folders;
    try {
      folders = VideoSimulator.write(simulatorOptions(c.simulateVideo()), root, progress);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data.simulate_video: " + e.getMessage(), e);
    }
    return importEntries(folders, DataConfig.SIMULATE_VIDEO, work, progress);
  }

  /** True when a discovered mouse (folder or zip) is in the Sensorium 2023 (video) layout. */
  public static boolean isVideo(Path entry) throws IOException {
    try (MouseSource src = SensoriumDataset.open(entry)) {
      return src.exists("data/videos/0.npy") || !src.list("data/videos").isEmpty();
    }
  }

  /** Check and package the discovered Sensorium 2023 mice {@code entries}; {@code source} is recorded in dataset.json. */
  public static DatasetImporter.Result importEntries(List<Path> entries, String source, Path work, Progress progress) throws IOException {
    Path out = Files.createDirectories(work.resolve("out"));
    Map<String, Path> files = new LinkedHashMap<>();
    TreeMap<String, ObjectNode> mouseNodes = new TreeMap<>();
    TreeMap<String, List<String>> gtRows = new TreeMap<>();
    Map<String, Integer> tierTotals = new LinkedHashMap<>();
    Set<String> keys = new HashSet<>();
    int neurons = 0;
    int trials = 0;
    long sourceFiles = 0;
    long sourceBytes = 0;
    boolean anyGt = false;
    int height = -1;
    int width = -1;
    for (Path entry : entries) {
      try (MouseSource src = SensoriumDataset.open(entry)) {
        if (!keys.add(src.key())) {
          throw new IllegalArgumentException("data.source: mouse " + src.key() + " appears twice (" + entry + ")");
        }
        progress.report("prepare", mouseNodes.size(), entries.size(), Map.of());
        String fileName = PREFIX + DatasetImporter.safe(src.key()) + ".zip";
        if (mouseNodes.containsKey(fileName)) {
          throw new IllegalArgumentException("data.source: two mice map to the same file " + fileName + " (" + entry + ")");
        }
        ObjectNode mj = JSON.createObjectNode();
        List<String> rows = new ArrayList<>();
        int n;
        try (VideoMouse vm = VideoMouse.open(src)) {
          List<String> problems = vm.checkAll();
          if (!problems.isEmpty()) {
            throw new SensoriumFormatException(problems);
          }
          n = vm.neurons();
          VideoMouse.Trial first = vm.trial(0);
          if (height < 0) {
            height = first.height();
            width = first.width();
          } else if (first.height() != height || first.width() != width) {
            throw new IllegalArgumentException("data.source: mouse " + src.key() + " has " + first.height() + "x" + first.width()
                + " frames, an earlier mouse " + height + "x" + width + "; one shared core needs one frame size");
          }
          Map<String, Integer> tiers = new TreeMap<>();
          for (String t : vm.tiers()) {
            tiers.merge(t, 1, Integer::sum);
          }
          ObjectNode tj = JSON.createObjectNode();
          tiers.forEach((t, k) -> {
            tj.put(t, k);
            tierTotals.merge(t, k, Integer::sum);
          });
          mj.put("key", src.key());
          mj.put("file", fileName);
          mj.put("source", entry.getFileName().toString());
          DatasetImporter.Digest d = DatasetImporter.digest(src);
          mj.put("source_sha256", d.sha256());
          mj.put("source_files", d.files());
          mj.put("source_bytes", d.bytes());
          mj.put("trials", vm.trials());
          mj.put("neurons", n);
          mj.set("tiers", tj);
          var gt = SensoriumReader.readGroundTruth(src, n);
          mj.put("ground_truth", gt.isPresent());
          if (gt.isPresent()) {
            anyGt = true;
            PreparedMouse.GroundTruth g = gt.get();
            for (int j = 0; j < n; j++) {
              float ori = g.preferredOrientation()[j];
              rows.add(DatasetImporter.csv(src.key()) + "," + vm.unitIds()[j] + "," + DatasetImporter.csv(g.typeNames()[g.type()[j]]) + ","
                  + g.type()[j] + "," + (Float.isNaN(ori) ? "" : DatasetImporter.num(Math.toDegrees(ori) % 180.0)) + ","
                  + DatasetImporter.num(g.rfX()[j]) + "," + DatasetImporter.num(g.rfY()[j]) + ",");
            }
          }
          trials += vm.trials();
          sourceFiles += d.files();
          sourceBytes += d.bytes();
          Path zip = out.resolve(fileName); // while vm (which owns src) is open
          zip(src, "dynamic" + src.key() + "-Video-cortexclust/", zip);
          files.put(fileName, zip);
        } catch (SensoriumFormatException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        mouseNodes.put(fileName, mj);
        gtRows.put(fileName, rows);
        neurons += n;
      }
    }
    ObjectNode ds = JSON.createObjectNode();
    ds.put("format", "cortexclust-dataset");
    ds.put("version", 1);
    ds.put("kind", "video");
    ds.put("source", source);
    ds.put("frame_height", height);
    ds.put("frame_width", width);
    ArrayNode mice = ds.putArray("mice");
    List<String> gtLines = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, ObjectNode> e : mouseNodes.entrySet()) {
      ObjectNode mj = e.getValue();
      mj.put("first_index", index);
      mice.add(mj);
      int row = index;
      for (String r : gtRows.get(e.getKey())) {
        gtLines.add((row++) + "," + r);
      }
      index += mj.get("neurons").asInt();
    }
    ds.put("neurons", neurons);
    ds.put("trials", trials);
    ObjectNode tt = ds.putObject("tiers");
    tierTotals.forEach(tt::put);
    ds.put("source_files", sourceFiles);
    ds.put("source_bytes", sourceBytes);
    ds.put("ground_truth", anyGt);
    return DatasetImporter.publish(out, files, ds, anyGt ? gtLines : null);
  }

  /** Every file of {@code src} under {@code prefix}, in sorted order, deflated (level 1), with a fixed timestamp. */
  static void zip(MouseSource src, String prefix, Path zip) throws IOException {
    try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
      z.setLevel(1);
      byte[] buf = new byte[1 << 16];
      for (String rel : src.files().keySet()) {
        ZipEntry e = new ZipEntry(prefix + rel);
        e.setTimeLocal(ZIP_EPOCH);
        z.putNextEntry(e);
        try (InputStream in = src.open(rel)) {
          int k;
          while ((k = in.read(buf)) > 0) {
            z.write(buf, 0, k);
          }
        }
        z.closeEntry();
      }
    }
  }
}
