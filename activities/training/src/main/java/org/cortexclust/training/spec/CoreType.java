package org.cortexclust.training.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name of a core type ({@code training.core.type}, {@code core_type} in {@code model.json}). What a type means
 * lives in its {@link CoreKind}, found in {@link CoreKinds}; this is only the name, one instance per name (so
 * {@code ==} compares), written to JSON as the config name ({@code "rotation_equivariant"}).
 */
public final class CoreType extends KindName {
  private static final Map<String, CoreType> BY_NAME = new ConcurrentHashMap<>();

  /** Ecker et al. 2019: each learned filter applied at n orientations via a steerable Hermite basis. */
  public static final CoreType ROTATION_EQUIVARIANT = parse("rotation_equivariant");
  /** An ordinary stacked convolutional core (n = 1), for comparison. */
  public static final CoreType PLAIN = parse("plain");

  private CoreType(String name) {
    super(name);
  }

  /**
   * The type named {@code s}, as in a config or {@code model.json} (case does not matter). Whether a type of that name
   * is known is {@link CoreKinds}' call (a model spec asks it).
   */
  @JsonCreator
  public static CoreType parse(String s) {
    return BY_NAME.computeIfAbsent(s.toLowerCase(Locale.ROOT), CoreType::new);
  }
}
