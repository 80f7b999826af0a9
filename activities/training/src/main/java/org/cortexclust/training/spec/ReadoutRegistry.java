package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine's readout types by name: the engine's one list of them. Registering a type here also makes it known to
 * {@link ReadoutKinds} (config validation, model specs, embeddings).
 *
 * @param <T> the engine's readout interface
 */
public final class ReadoutRegistry<T extends ReadoutKind> {
  private final String engine;
  private final Map<ReadoutType, T> readouts = new LinkedHashMap<>();

  /**
   * @param engine   the engine's name in messages, e.g. {@code libtorch}
   * @param builtIns the engine's built-in readouts, registered now
   */
  @SafeVarargs
  public ReadoutRegistry(String engine, T... builtIns) {
    this.engine = engine;
    for (T r : builtIns) register(r);
  }

  /** Make {@code readout} trainable on this engine; a new readout type is one class plus this one call. */
  public synchronized void register(T readout) {
    ReadoutKinds.register(readout);
    readouts.put(readout.type(), readout);
  }

  /** The readout of type {@code t}; a type without one fails with the list of those there are. */
  public synchronized T get(ReadoutType t) {
    T r = readouts.get(t);
    if (r == null) {
      throw new IllegalArgumentException("the " + engine + " engine has no readout '" + t.id() + "'; its readout types: "
          + names());
    }
    return r;
  }

  /** Names of the registered types, in registration order. */
  public synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    for (ReadoutType t : readouts.keySet()) out.add(t.id());
    return out;
  }
}
