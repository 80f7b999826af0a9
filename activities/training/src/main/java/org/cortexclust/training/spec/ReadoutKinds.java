package org.cortexclust.training.spec;

import java.util.List;

/**
 * The known readout types, engine-neutral. The built-in types are here from the start; an engine's readout registry
 * adds its types when it registers them, so a new readout is one class plus one registration in an engine.
 */
public final class ReadoutKinds {
  /** The list itself, for an engine's {@link EngineRegistry}. */
  public static final KindList<ReadoutType, ReadoutKind> LIST = new KindList<>("readout", new GaussianReadout(),
      new FactorisedReadout());

  private ReadoutKinds() {}

  /** The type {@code t}; an unknown name fails with the list of known ones. */
  public static ReadoutKind get(ReadoutType t) {
    return LIST.get(t);
  }

  /** The names of every known type, in registration order. */
  public static List<String> names() {
    return LIST.names();
  }
}
