package org.cortexclust.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a video core combines space and time in each layer (docs/dynamic.md §3). */
public enum SpaceTime {
  /** Spatial k×k conv (rotated n times), then a temporal k_t conv shared across rotations. */
  @JsonProperty("factorised") FACTORISED,
  /** One k_t×k×k conv per layer; every time slice of a kernel is rotated by the same angle. */
  @JsonProperty("full3d") FULL_3D;

  public static SpaceTime parse(String s) {
    return switch (s) {
      case "factorised", "factorized" -> FACTORISED;
      case "full3d", "full_3d" -> FULL_3D;
      default -> throw new IllegalArgumentException("space_time must be factorised or full3d, got '" + s + "'");
    };
  }
}
