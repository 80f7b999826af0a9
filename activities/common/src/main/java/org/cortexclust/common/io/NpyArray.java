package org.cortexclust.common.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a {@code .npy} file: element type, byte order, memory order (C or Fortran),
 * shape and the raw data bytes (on the heap or memory-mapped). The {@code to…Array()} methods return a copy in C
 * (row-major) order whatever the stored order, converting numeric types as Java's casts do.
 */
public final class NpyArray {
  private final String source;
  private final NpyDType dtype;
  private final int itemSize;
  private final ByteOrder order;
  private final boolean fortranOrder;
  private final long[] shape;
  private final long size;
  private final ByteBuffer data;

  NpyArray(String source, NpyDType dtype, int itemSize, ByteOrder order, boolean fortranOrder, long[] shape, ByteBuffer data) {
    this.source = source;
    this.dtype = dtype;
    this.itemSize = itemSize;
    this.order = order;
    this.fortranOrder = fortranOrder;
    this.shape = shape.clone();
    this.size = sizeOf(shape);
    this.data = data.duplicate().order(order);
    this.data.position(0).limit(Math.toIntExact(size * itemSize));
  }

  static long sizeOf(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  // ------------------------------------------------------------------------------------ factories (C order, little-endian)

  public static NpyArray ofFloats(float[] v, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape) * 4L);
    b.asFloatBuffer().put(v);
    return new NpyArray("<memory>", NpyDType.FLOAT32, 4, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  public static NpyArray ofDoubles(double[] v, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape) * 8L);
    b.asDoubleBuffer().put(v);
    return new NpyArray("<memory>", NpyDType.FLOAT64, 8, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  public static NpyArray ofInts(int[] v, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape) * 4L);
    b.asIntBuffer().put(v);
    return new NpyArray("<memory>", NpyDType.INT32, 4, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  public static NpyArray ofLongs(long[] v, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape) * 8L);
    b.asLongBuffer().put(v);
    return new NpyArray("<memory>", NpyDType.INT64, 8, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  public static NpyArray ofShorts(short[] v, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape) * 2L);
    b.asShortBuffer().put(v);
    return new NpyArray("<memory>", NpyDType.INT16, 2, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  /** int8 ({@code |i1}) or, with {@code unsigned}, uint8 ({@code |u1}) from raw bytes. */
  public static NpyArray ofBytes(byte[] v, boolean unsigned, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape));
    b.put(v);
    return new NpyArray("<memory>", unsigned ? NpyDType.UINT8 : NpyDType.INT8, 1, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  public static NpyArray ofBooleans(boolean[] v, long... shape) {
    ByteBuffer b = alloc(checkSize(v.length, shape));
    for (boolean x : v) {
      b.put((byte) (x ? 1 : 0));
    }
    return new NpyArray("<memory>", NpyDType.BOOL, 1, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  /** {@code <U n} with n = the longest string in code points (at least 1, as numpy does). */
  public static NpyArray ofStrings(String[] v, long... shape) {
    int width = 1;
    for (String s : v) {
      width = Math.max(width, s.codePointCount(0, s.length()));
    }
    ByteBuffer b = alloc(checkSize(v.length, shape) * 4L * width);
    for (String s : v) {
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < width; i++) {
        b.putInt(i < cps.length ? cps[i] : 0);
      }
    }
    return new NpyArray("<memory>", NpyDType.UNICODE, 4 * width, ByteOrder.LITTLE_ENDIAN, false, shapeOr(v.length, shape), b);
  }

  private static ByteBuffer alloc(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long checkSize(int n, long[] shape) {
    if (shape.length > 0 && sizeOf(shape) != n) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + sizeOf(shape) + " elements, data has " + n);
    }
    return n;
  }

  private static long[] shapeOr(int n, long[] shape) {
    return shape.length == 0 ? new long[] {n} : shape;
  }

  /**
   * The same data with another shape (no shape = a 0-d scalar array); C-order arrays only, sizes must agree.
   */
  public NpyArray reshape(long... newShape) {
    if (sizeOf(newShape) != size) {
      throw new IllegalArgumentException(source + ": cannot reshape " + shapeString() + " (" + size + " elements) to "
          + Npy.shapeTuple(newShape));
    }
    if (fortranOrder && shape.length > 1) {
      return withLayout(order, false).reshape(newShape);
    }
    return new NpyArray(source, dtype, itemSize, order, false, newShape, data);
  }

  /** The same values stored with another byte order and/or memory order (what {@link Npy#write} then writes). */
  public NpyArray withLayout(ByteOrder newOrder, boolean fortran) {
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size * itemSize)).order(newOrder);
    int unit = dtype.unitSize;
    int units = itemSize / unit;
    byte[] tmp = new byte[unit];
    for (long c = 0; c < size; c++) {
      long src = storageIndex(c) * itemSize;
      long dst = (fortran ? storageIndex(c, shape, true) : c) * itemSize;
      for (int u = 0; u < units; u++) {
        for (int k = 0; k < unit; k++) {
          tmp[k] = data.get((int) (src + (long) u * unit + k));
        }
        if (unit > 1 && newOrder != order) {
          reverse(tmp);
        }
        for (int k = 0; k < unit; k++) {
          out.put((int) (dst + (long) u * unit + k), tmp[k]);
        }
      }
    }
    return new NpyArray(source, dtype, itemSize, newOrder, fortran, shape, out);
  }

  private static void reverse(byte[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      byte t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  // ------------------------------------------------------------------------------------ accessors

  /** Where the array came from (file name or zip entry), used in error messages. */
  public String source() {
    return source;
  }

  public NpyDType dtype() {
    return dtype;
  }

  /** Bytes per element ({@code 4·n} for {@code <U n}). */
  public int itemSize() {
    return itemSize;
  }

  public ByteOrder byteOrder() {
    return order;
  }

  public boolean fortranOrder() {
    return fortranOrder;
  }

  public long[] shape() {
    return shape.clone();
  }

  public int ndim() {
    return shape.length;
  }

  /** Number of elements. */
  public long size() {
    return size;
  }

  /** The numpy {@code descr}, e.g. {@code <f4}, {@code |u1}, {@code <U10}. */
  public String descr() {
    char bo = dtype.unitSize == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
    int n = dtype == NpyDType.UNICODE ? itemSize / 4 : itemSize;
    return "" + bo + dtype.kind + n;
  }

  /** The raw data bytes (read-only view, stored order), position 0. */
  public ByteBuffer rawData() {
    return data.asReadOnlyBuffer().order(order);
  }

  /** The shape as a readable string, numpy style: {@code (1, 144, 256)}. */
  public String shapeString() {
    return Npy.shapeTuple(shape);
  }

  /**
   * A float view without copying when the array is float32 in C order (e.g. a memory-mapped image stack);
   * otherwise a converted copy.
   */
  public FloatBuffer floatBuffer() {
    if (dtype == NpyDType.FLOAT32 && (!fortranOrder || shape.length <= 1)) {
      return data.duplicate().order(order).asFloatBuffer().asReadOnlyBuffer();
    }
    return FloatBuffer.wrap(toFloatArray());
  }

  /** Storage index of the element at C-order (row-major) index {@code c}. */
  long storageIndex(long c) {
    return fortranOrder ? storageIndex(c, shape, true) : c;
  }

  private static long storageIndex(long c, long[] shape, boolean fortran) {
    if (!fortran || shape.length <= 1) {
      return c;
    }
    // Decompose the C index into a multi-index (last axis fastest), recompose with the first axis fastest.
    long idx = 0;
    long stride = 1;
    long[] mi = new long[shape.length];
    for (int a = shape.length - 1; a >= 0; a--) {
      mi[a] = c % shape[a];
      c /= shape[a];
    }
    for (int a = 0; a < shape.length; a++) {
      idx += mi[a] * stride;
      stride *= shape[a];
    }
    return idx;
  }

  private void requireNumeric(String want) {
    if (!dtype.isNumeric()) {
      throw new IllegalStateException(source + ": expected a numeric array for " + want + ", found dtype " + descr());
    }
  }

  /** Element at C-order index {@code c} as a double (numeric and bool types). */
  public double getDouble(long c) {
    int p = Math.toIntExact(storageIndex(c) * itemSize);
    switch (dtype) {
      case BOOL: return data.get(p) != 0 ? 1 : 0;
      case INT8: return data.get(p);
      case UINT8: return data.get(p) & 0xff;
      case INT16: return data.getShort(p);
      case UINT16: return data.getShort(p) & 0xffff;
      case INT32: return data.getInt(p);
      case UINT32: return data.getInt(p) & 0xffffffffL;
      case INT64: return data.getLong(p);
      case FLOAT32: return data.getFloat(p);
      case FLOAT64: return data.getDouble(p);
      default:
        requireNumeric("getDouble");
        return 0;
    }
  }

  /** Element at C-order index {@code c} as a long (integer and bool types exactly; floats truncated). */
  public long getLong(long c) {
    int p = Math.toIntExact(storageIndex(c) * itemSize);
    switch (dtype) {
      case INT64: return data.getLong(p);
      case UINT32: return data.getInt(p) & 0xffffffffL;
      case FLOAT64: return (long) data.getDouble(p);
      case FLOAT32: return (long) data.getFloat(p);
      default: return (long) getDouble(c);
    }
  }

  /** The element count as a Java array length; bad input when one array cannot hold it. */
  private int javaLength() {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(source + ": " + shapeString() + " holds " + size + " elements, more than one Java array holds ("
          + (Integer.MAX_VALUE - 8) + ")");
    }
    return (int) size;
  }

  public float[] toFloatArray() {
    requireNumeric("toFloatArray");
    float[] out = new float[javaLength()];
    if (dtype == NpyDType.FLOAT32 && (!fortranOrder || shape.length <= 1)) {
      data.duplicate().order(order).asFloatBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) getDouble(i);
    }
    return out;
  }

  public double[] toDoubleArray() {
    requireNumeric("toDoubleArray");
    double[] out = new double[javaLength()];
    if (dtype == NpyDType.FLOAT64 && (!fortranOrder || shape.length <= 1)) {
      data.duplicate().order(order).asDoubleBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** Integer values; floats must be whole numbers and everything must fit an int. */
  public int[] toIntArray() {
    requireNumeric("toIntArray");
    int[] out = new int[javaLength()];
    for (int i = 0; i < out.length; i++) {
      long v;
      if (dtype == NpyDType.FLOAT32 || dtype == NpyDType.FLOAT64) {
        double d = getDouble(i);
        if (d != Math.rint(d)) {
          throw new IllegalStateException(source + ": expected integer values, found " + d + " at index " + i);
        }
        v = (long) d;
      } else {
        v = getLong(i);
      }
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalStateException(source + ": value " + v + " at index " + i + " does not fit a 32-bit int");
      }
      out[i] = (int) v;
    }
    return out;
  }

  public long[] toLongArray() {
    requireNumeric("toLongArray");
    long[] out = new long[javaLength()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  public boolean[] toBooleanArray() {
    requireNumeric("toBooleanArray");
    boolean[] out = new boolean[Math.toIntExact(size)];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i) != 0;
    }
    return out;
  }

  /** Strings of a {@code <U n} or {@code |S n} array (trailing NULs removed, as numpy does). */
  public String[] toStringArray() {
    if (dtype.isNumeric()) {
      throw new IllegalStateException(source + ": expected a string array (<U or |S), found dtype " + descr());
    }
    String[] out = new String[Math.toIntExact(size)];
    for (int i = 0; i < out.length; i++) {
      int p = Math.toIntExact(storageIndex(i) * itemSize);
      if (dtype == NpyDType.UNICODE) {
        int n = itemSize / 4;
        int len = n;
        while (len > 0 && data.getInt(p + 4 * (len - 1)) == 0) {
          len--;
        }
        int[] cps = new int[len];
        for (int k = 0; k < len; k++) {
          cps[k] = data.getInt(p + 4 * k);
        }
        out[i] = new String(cps, 0, len);
      } else {
        int len = itemSize;
        while (len > 0 && data.get(p + len - 1) == 0) {
          len--;
        }
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) {
          b[k] = data.get(p + k);
        }
        out[i] = new String(b, StandardCharsets.ISO_8859_1);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "NpyArray[" + source + ", " + descr() + ", shape " + shapeString() + (fortranOrder ? ", Fortran order" : "") + "]";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NpyArray)) {
      return false;
    }
    NpyArray a = (NpyArray) o;
    if (a.dtype != dtype || a.itemSize != itemSize || !Arrays.equals(a.shape, shape)) {
      return false;
    }
    if (dtype.isNumeric()) {
      for (long i = 0; i < size; i++) {
        if (Double.doubleToLongBits(getDouble(i)) != Double.doubleToLongBits(a.getDouble(i)) || getLong(i) != a.getLong(i)) {
          return false;
        }
      }
      return true;
    }
    return Arrays.equals(toStringArray(), a.toStringArray());
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, itemSize, Arrays.hashCode(shape));
  }
}
