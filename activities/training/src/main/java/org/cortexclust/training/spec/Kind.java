package org.cortexclust.training.spec;

/**
 * A model part that is a type of its own (a {@link ReadoutKind}, a {@link CoreKind}): a class per type, listed by name
 * in a {@link KindList} and, per engine, in an {@link EngineRegistry}.
 *
 * @param <N> the type's name class
 */
public interface Kind<N extends KindName> {
  /** The type's name. */
  N type();
}
