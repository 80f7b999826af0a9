package org.cortexclust.training.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name of a per-mouse readout type ({@code training.readout.type}, {@code readout_type} in {@code model.json}).
 * What a type means lives in its {@link ReadoutKind}, found in {@link ReadoutKinds}; this is only the name, one
 * instance per name (so {@code ==} compares), written to JSON as the config name ({@code "gaussian"}).
 */
public final class ReadoutType extends KindName {
  private static final Map<String, ReadoutType> BY_NAME = new ConcurrentHashMap<>();

  /** Lurz et al. 2021: a learned location per neuron, bilinear sampling (docs/science.md §3.2). */
  public static final ReadoutType GAUSSIAN = parse("gaussian");
  /** Klindt et al. 2017: spatial mask × feature vector with joint L1 (docs/science.md §3.1). */
  public static final ReadoutType FACTORISED = parse("factorised");

  private ReadoutType(String name) {
    super(name);
  }

  /**
   * The type named {@code s}, as in a config or {@code model.json} (case does not matter; {@code factorized} reads as
   * {@code factorised}). Whether a type of that name is known is {@link ReadoutKinds}' call (a model spec asks it).
   */
  @JsonCreator
  public static ReadoutType parse(String s) {
    String name = s.toLowerCase(Locale.ROOT);
    return BY_NAME.computeIfAbsent("factorized".equals(name) ? "factorised" : name, ReadoutType::new);
  }
}
