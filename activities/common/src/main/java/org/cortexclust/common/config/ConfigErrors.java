package org.cortexclust.common.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem so they can be reported together. */
public final class ConfigErrors {
  private final String source;
  private final List<String> problems = new ArrayList<>();

  public ConfigErrors(String source) {
    this.source = source;
  }

  /** Record {@code message} for config key {@code key} (dotted path) unless {@code ok}. */
  public void check(boolean ok, String key, String message) {
    if (!ok) {
      add(key, message);
    }
  }

  public void add(String key, String message) {
    problems.add(key + ": " + message);
  }

  public void range(String key, double value, double min, double max) {
    check(value >= min && value <= max, key, "must be in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(value));
  }

  public void oneOf(String key, String value, List<String> allowed) {
    check(allowed.contains(value), key, "must be one of " + allowed + ", got '" + value + "'");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public String source() {
    return source;
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
  }
}
