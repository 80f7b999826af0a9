package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The known types of one model part, engine-neutral (the built-in ones from the start; an engine's registry adds the
 * types it registers), so a new type is one class plus one registration in an engine.
 *
 * @param <N> the name class
 * @param <K> the part's kind interface
 */
public final class KindList<N extends KindName, K extends Kind<N>> {
  private final String part;
  private final Map<N, K> kinds = new LinkedHashMap<>();

  /**
   * @param part     the part's name in messages, e.g. {@code readout}
   * @param builtIns the built-in types, registered now
   */
  @SafeVarargs
  public KindList(String part, K... builtIns) {
    this.part = part;
    for (K k : builtIns) register(k);
  }

  /** The part's name in messages, e.g. {@code readout}. */
  public String part() {
    return part;
  }

  /** Add a type; a name already known keeps its first definition (an engine's class extends the built-in one). */
  public synchronized void register(K kind) {
    kinds.putIfAbsent(kind.type(), kind);
  }

  /** The type {@code t}; an unknown name fails with the list of known ones. */
  public synchronized K get(N t) {
    K k = kinds.get(t);
    if (k == null) throw new IllegalArgumentException(unknown(t));
    return k;
  }

  /** "unknown readout type 'x'; known readout types: [...]": the message for a name not in the list. */
  public synchronized String unknown(N t) {
    return "unknown " + part + " type '" + t.id() + "'; known " + part + " types: " + names();
  }

  /** Whether a type of that name is known. */
  public synchronized boolean contains(N t) {
    return kinds.containsKey(t);
  }

  /** The names of every known type, in registration order. */
  public synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    for (N t : kinds.keySet()) out.add(t.id());
    return out;
  }
}
