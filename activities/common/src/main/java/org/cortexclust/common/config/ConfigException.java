package org.cortexclust.common.config;

import java.util.List;

/** A configuration with one or more problems; the message lists all of them with the file and key. */
public final class ConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(render(source, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String render(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append(" in ").append(source).append(':');
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
