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
        SensoriumReader.Summary s = SensoriumReader.check(src, problems);
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
