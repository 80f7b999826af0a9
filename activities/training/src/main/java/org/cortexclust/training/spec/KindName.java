package org.cortexclust.training.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The name of a kind of model part that is a type of its own (a readout type, a core type): only the name, one
 * instance per name (so {@code ==} compares), written to JSON as the config name. What the kind means lives in its
 * {@link Kind}, found in a {@link KindList}.
 */
public abstract class KindName {
  private final String name;

  protected KindName(String name) {
    this.name = name;
  }

  /** The config name, e.g. {@code gaussian}. */
  @JsonValue
  public String id() {
    return name;
  }

  /** Upper case, e.g. {@code GAUSSIAN}: the form architecture hashes and messages have always used. */
  public String name() {
    return name.toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return name();
  }
}
