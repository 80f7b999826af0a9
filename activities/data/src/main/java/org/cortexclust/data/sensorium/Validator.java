package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a Sensorium 2022 static dataset (a mouse folder, a mouse zip, or a folder of them) without preparing it, and
 * reports either a summary (mice, neurons, trials per tier, image size) or every problem found.
 */
public final class Validator {
  private Validator() {}

  /** The outcome of {@link #validate}. */
  public record Report(Path root, List<SensoriumReader.Summary> mice, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }

    /** A printable report for the {@code validate} command. */
    public String toText() {
      StringBuilder sb = new StringBuilder();
      sb.append("dataset ").append(root).append('\n');
      for (SensoriumReader.Summary s : mice) {
        sb.append(String.format("  mouse %-24s neurons %6d  trials %6d  image %dx%d  tiers %s%s%n", s.key(), s.neurons(), s.trials(),
            s.imageHeight(), s.imageWidth(), s.tiers(), s.groundTruth() ? "  (ground truth)" : ""));
      }
      if (ok()) {
        int neurons = mice.stream().mapToInt(SensoriumReader.Summary::neurons).sum();
        int trials = mice.stream().mapToInt(SensoriumReader.Summary::trials).sum();
        sb.append("OK: ").append(mice.size()).append(mice.size() == 1 ? " mouse, " : " mice, ").append(neurons).append(" neurons, ")
            .append(trials).append(" trials\n");
      } else {
        sb.append(problems.size()).append(problems.size() == 1 ? " problem:\n" : " problems:\n");
        problems.forEach(p -> sb.append("  - ").append(p).append('\n'));
      }
      return sb.toString();
    }
  }

  /** A Sensorium 2023 (video) mouse: metadata, file counts and every trial; image size = frame size, tiers of 2023. */
  static SensoriumReader.Summary checkVideo(MouseSource src, List<String> problems) {
    try {
      VideoMouse vm = VideoMouse.open(src);
      problems.addAll(vm.checkAll());
      java.util.Map<String, Integer> tiers = new java.util.LinkedHashMap<>();
      VideoMouse.TIERS.forEach(t -> tiers.put(t, 0));
      for (String t : vm.tiers()) {
        tiers.merge(t, 1, Integer::sum);
      }
      int h = -1;
      int w = -1;
      if (vm.trials() > 0) {
        try {
          VideoMouse.Trial t0 = vm.trial(0);
          h = t0.height();
          w = t0.width();
        } catch (IOException e) {
          // already reported by checkAll
        }
      }
      return new SensoriumReader.Summary(src.key(), src.name(), vm.trials(), vm.neurons(), h, w, tiers, false);
    } catch (SensoriumFormatException e) {
      problems.addAll(e.problems());
    } catch (IOException e) {
      problems.add("mouse " + src.key() + ": " + e.getMessage());
    }
    return null;
  }

  public static Report validate(Path root) {
    List<String> problems = new ArrayList<>();
    List<SensoriumReader.Summary> mice = new ArrayList<>();
    List<Path> entries;
    try {
      entries = SensoriumDataset.discover(root);
    } catch (IOException e) {
      return new Report(root, List.of(), List.of(e.getMessage()));
    }
    Set<String> keys = new HashSet<>();
    for (Path p : entries) {
      try (MouseSource src = SensoriumDataset.open(p)) {
        if (!keys.add(src.key())) {
          problems.add("mouse " + src.key() + ": " + p + ": the data key appears twice in the dataset");
        }
        SensoriumReader.Summary s = src.list("data/videos").isEmpty() ? SensoriumReader.check(src, problems) : checkVideo(src, problems);
        if (s != null) {
          mice.add(s);
        }
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
    return new Report(root, mice, problems);
  }
}
