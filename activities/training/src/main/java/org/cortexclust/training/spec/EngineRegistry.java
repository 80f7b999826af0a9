package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine's types of one model part (readouts, cores) by name: the engine's one list of them. Registering a type
 * here also makes it known to the part's engine-neutral {@link KindList} (config validation, model specs, embeddings).
 *
 * @param <N> the name class
 * @param <T> the engine's interface for the part
 */
public final class EngineRegistry<N extends KindName, T extends Kind<N>> {
  private final String engine;
  private final String part;
  private final KindList<N, ? super T> known;
  private final Map<N, T> types = new LinkedHashMap<>();

  /**
   * @param engine   the engine's name in messages, e.g. {@code libtorch}
   * @param known    the part's engine-neutral list
   * @param builtIns the engine's built-in types, registered now
   */
  @SafeVarargs
  public EngineRegistry(String engine, KindList<N, ? super T> known, T... builtIns) {
    this.engine = engine;
    this.part = known.part();
    this.known = known;
    for (T t : builtIns) register(t);
  }

  /** Make {@code type} trainable on this engine; a new type is one class plus this one call. */
  public synchronized void register(T type) {
    known.register(type);
    types.put(type.type(), type);
  }

  /** The type named {@code t}; a name without one fails with the list of those there are. */
  public synchronized T get(N t) {
    T r = types.get(t);
    if (r == null) {
      throw new IllegalArgumentException("the " + engine + " engine has no " + part + " '" + t.id() + "'; its " + part
          + " types: " + names());
    }
    return r;
  }

  /** Names of the registered types, in registration order. */
  public synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    for (N t : types.keySet()) out.add(t.id());
    return out;
  }
}
