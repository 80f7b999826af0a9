package org.cortexclust.training.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The known readout types, engine-neutral. The built-in types are here from the start; an engine's readout registry
 * adds its types when it registers them, so a new readout is one class plus one registration in an engine.
 */
public final class ReadoutKinds {
  private static final Map<ReadoutType, ReadoutKind> KINDS = new LinkedHashMap<>();

  static {
    register(new GaussianReadout());
    register(new FactorisedReadout());
  }

  private ReadoutKinds() {}

  /** Add a type; a name already known keeps its first definition (an engine's class extends the built-in one). */
  public static synchronized void register(ReadoutKind kind) {
    KINDS.putIfAbsent(kind.type(), kind);
  }

  /** The type {@code t}; an unknown name fails with the list of known ones. */
  public static synchronized ReadoutKind get(ReadoutType t) {
    ReadoutKind k = KINDS.get(t);
    if (k == null) {
      throw new IllegalArgumentException("unknown readout type '" + t.id() + "'; known readout types: " + names());
    }
    return k;
  }

  /** The names of every known type, in registration order. */
  public static synchronized List<String> names() {
    List<String> out = new ArrayList<>();
    for (ReadoutType t : KINDS.keySet()) out.add(t.id());
    return out;
  }
}
