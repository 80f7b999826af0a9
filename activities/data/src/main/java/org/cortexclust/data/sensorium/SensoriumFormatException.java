package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.util.List;

/** A mouse recording that does not follow the Sensorium static layout; lists every problem found. */
public class SensoriumFormatException extends IOException {
  private final List<String> problems;

  public SensoriumFormatException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder sb = new StringBuilder(problems.size() + " problems:");
    int shown = 0;
    for (String p : problems) {
      if (shown++ == 20) {
        sb.append("\n  … and ").append(problems.size() - 20).append(" more");
        break;
      }
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }

  public List<String> problems() {
    return problems;
  }
}
