package org.cortexclust.common.io;

/** The element types {@link Npy} reads and writes (numpy {@code descr} kind + item size). */
public enum NpyDType {
  BOOL('b', 1),
  INT8('i', 1),
  UINT8('u', 1),
  INT16('i', 2),
  UINT16('u', 2),
  INT32('i', 4),
  UINT32('u', 4),
  INT64('i', 8),
  FLOAT32('f', 4),
  FLOAT64('f', 8),
  /** Fixed-width unicode ({@code <U n}): n UTF-32 code units per element, NUL-padded. */
  UNICODE('U', 4),
  /** Fixed-width byte strings ({@code |S n}), read as ISO-8859-1. */
  BYTES('S', 1);

  final char kind;
  final int unitSize;

  NpyDType(char kind, int unitSize) {
    this.kind = kind;
    this.unitSize = unitSize;
  }

  /** True for the numeric and boolean types. */
  public boolean isNumeric() {
    return this != UNICODE && this != BYTES;
  }

  static NpyDType of(char kind, int size) {
    for (NpyDType d : values()) {
      if (d.kind == kind && (d == UNICODE || d == BYTES || d.unitSize == size)) {
        return d;
      }
    }
    return null;
  }
}
