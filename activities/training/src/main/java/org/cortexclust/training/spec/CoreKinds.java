package org.cortexclust.training.spec;

import java.util.List;

/**
 * The known core types, engine-neutral. The built-in types are here from the start; an engine's core registry adds
 * its types when it registers them, so a new core is one class plus one registration in an engine.
 */
public final class CoreKinds {
  /** The list itself, for an engine's {@link EngineRegistry}. */
  public static final KindList<CoreType, CoreKind> LIST = new KindList<>("core", new RotationEquivariantCore(),
      new PlainCore());

  private CoreKinds() {}

  /** The type {@code t}; an unknown name fails with the list of known ones. */
  public static CoreKind get(CoreType t) {
    return LIST.get(t);
  }

  /** The names of every known type, in registration order. */
  public static List<String> names() {
    return LIST.names();
  }
}
