package org.cortexclust.training.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The static engines by name: the one place an engine is chosen, from {@code training.engine} ({@link #named}) or from a
 * trained model's {@code model.json} ({@link #ofModel}). A new engine is one {@link StaticEngine} class plus one line
 * here.
 */
public final class Engines {
  public static final StaticEngine LIBTORCH = new LibTorchEngine();
  public static final StaticEngine DL4J = new Dl4jEngine();
  private static final Map<String, StaticEngine> BY_NAME = new LinkedHashMap<>();

  static {
    for (StaticEngine e : new StaticEngine[] {LIBTORCH, DL4J}) BY_NAME.put(e.name(), e);
  }

  private Engines() {}

  /** The engine {@code training.engine} names. */
  public static StaticEngine named(String name) {
    StaticEngine e = BY_NAME.get(name);
    if (e == null) {
      throw new IllegalArgumentException("training.engine must be one of " + BY_NAME.keySet() + ", got '" + name + "'");
    }
    return e;
  }

  /** The engine that wrote a model, from {@code model.json}'s {@code engine} field. */
  public static StaticEngine ofModel(String engineId) {
    for (StaticEngine e : BY_NAME.values()) {
      if (engineId.equals(e.id()) || engineId.startsWith(e.name())) return e;
    }
    throw new IllegalArgumentException("model.json: engine '" + engineId + "' is none of " + BY_NAME.keySet());
  }
}
