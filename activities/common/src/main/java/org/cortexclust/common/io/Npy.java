package org.cortexclust.common.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader and writer of numpy's {@code .npy} format (versions 1.0, 2.0 and 3.0): little- and big-endian bool,
 * int8/16/32/64, uint8/16/32, float32/64, fixed-width unicode ({@code <U n}) and byte strings ({@code |S n}), in C
 * or Fortran order. Object arrays (pickles), structured dtypes and other types are rejected with an error naming
 * the file and the dtype found.
 *
 * <p>Why a small reader of our own: the format is a 10-line header plus raw bytes; the JVM libraries that read it
 * either come with native array back ends (ND4J adds ~100 MB of natives) or are unmaintained. This class is
 * tested byte-for-byte against files written by numpy ({@code bench/npy-fixtures/make_fixtures.py}).
 *
 * <p>Writing reproduces numpy's header layout exactly (sorted keys, growth padding, data aligned to 64 bytes), so a
 * file written here is byte-identical to {@code numpy.save} of the same array.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ARRAY_ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  /** Files at least this large are memory-mapped by {@link #read(Path)}; smaller ones are read onto the heap. */
  public static final long MAP_THRESHOLD = 1L << 22;

  private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"]([^'\"]*)['\"]|\\[)");
  private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** The parsed header of a {@code .npy} file. */
  public record Header(String descr, NpyDType dtype, int itemSize, ByteOrder order, boolean fortranOrder, long[] shape, int dataOffset) {
    public long size() {
      return NpyArray.sizeOf(shape);
    }

    public long dataBytes() {
      return size() * itemSize;
    }
  }

  // ------------------------------------------------------------------------------------------------ reading

  /** Read a file: small files onto the heap, large ones ({@link #MAP_THRESHOLD}) memory-mapped. */
  public static NpyArray read(Path file) throws IOException {
    long size = Files.size(file);
    if (size >= MAP_THRESHOLD) {
      return map(file);
    }
    return read(file.toString(), Files.readAllBytes(file));
  }

  /** Memory-map a file read-only (the array's data must stay below 2 GiB, the limit of one Java buffer). */
  public static NpyArray map(Path file) throws IOException {
    String src = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      int headLen = (int) Math.min(fileSize, 1 << 16);
      ByteBuffer head = ByteBuffer.allocate(headLen);
      while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
        // read the first bytes (header)
      }
      Header h = parseHeader(src, head.array(), headLen, fileSize);
      if (h.dataOffset() > headLen) {
        head = ByteBuffer.allocate(h.dataOffset());
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
          // header longer than 64 KiB (version 2/3)
        }
        h = parseHeader(src, head.array(), h.dataOffset(), fileSize);
      }
      checkLength(src, h, fileSize - h.dataOffset());
      if (h.dataBytes() > Integer.MAX_VALUE) {
        throw new NpyFormatException(src, "array data is " + h.dataBytes() + " bytes; one array must be below 2 GiB to be mapped");
      }
      ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), h.dataBytes());
      return new NpyArray(src, h.dtype(), h.itemSize(), h.order(), h.fortranOrder(), h.shape(), data);
    }
  }

  /** Read a whole stream (e.g. a zip entry); {@code source} names it in errors. */
  public static NpyArray read(String source, InputStream in) throws IOException {
    return read(source, in.readAllBytes());
  }

  /** Parse a complete {@code .npy} file held in memory; the array's data is a view of {@code bytes}. */
  public static NpyArray read(String source, byte[] bytes) throws IOException {
    Header h = parseHeader(source, bytes, bytes.length, bytes.length);
    checkLength(source, h, bytes.length - (long) h.dataOffset());
    ByteBuffer data = ByteBuffer.wrap(bytes, h.dataOffset(), (int) h.dataBytes()).slice();
    return new NpyArray(source, h.dtype(), h.itemSize(), h.order(), h.fortranOrder(), h.shape(), data);
  }

  private static void checkLength(String src, Header h, long available) throws NpyFormatException {
    if (available < h.dataBytes()) {
      throw new NpyFormatException(src, "truncated: header declares " + h.descr() + " shape " + shapeTuple(h.shape()) + " = "
          + h.dataBytes() + " bytes of data, found " + Math.max(0, available));
    }
  }

  /**
   * Parse the header from the first {@code len} bytes of {@code bytes}.
   *
   * @param fileSize total size of the file (for messages about truncation)
   */
  public static Header parseHeader(String src, byte[] bytes, int len, long fileSize) throws NpyFormatException {
    if (len < 10) {
      throw new NpyFormatException(src, "truncated: " + fileSize + " bytes, a .npy file starts with a header of at least 10 bytes");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new NpyFormatException(src, "not a .npy file: expected the magic string \\x93NUMPY, found '"
            + printable(bytes, Math.min(len, 6)) + "'");
      }
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (len < 12) {
        throw new NpyFormatException(src, "truncated: version " + major + " header needs 12 bytes, found " + len);
      }
      long l = (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16 | (bytes[11] & 0xffL) << 24;
      if (l > Integer.MAX_VALUE - 12) {
        throw new NpyFormatException(src, "header length " + l + " is not plausible");
      }
      headerLen = (int) l;
      start = 12;
    } else {
      throw new NpyFormatException(src, "unsupported .npy format version " + major + "." + minor + ", expected 1.0, 2.0 or 3.0");
    }
    int dataOffset = start + headerLen;
    if (dataOffset > fileSize) {
      throw new NpyFormatException(src, "truncated: header declares " + headerLen + " bytes, file has " + (fileSize - start) + " after the preamble");
    }
    if (dataOffset > len) {
      // Caller must supply more bytes; report a placeholder header that only carries the offset.
      return new Header("", NpyDType.UINT8, 1, ByteOrder.LITTLE_ENDIAN, false, new long[] {0}, dataOffset);
    }
    String header = new String(bytes, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new NpyFormatException(src, "malformed header: expected a dict with 'descr', 'fortran_order' and 'shape', found " + header.trim());
    }
    if (d.group(2) == null) {
      throw new NpyFormatException(src, "structured dtype (record array) is not supported; found descr " + header.substring(d.start()).trim());
    }
    String descr = d.group(2);
    long[] shape = parseShape(src, s.group(1));
    String expected = "; expected bool, int8/16/32/64, uint8/16/32, float32/64, <U or |S strings";
    if (descr.length() < 2) {
      throw new NpyFormatException(src, "unsupported dtype '" + descr + "'" + expected);
    }
    char bo = descr.charAt(0);
    char kind = descr.charAt(1);
    if (kind == 'O') {
      throw new NpyFormatException(src, "unsupported dtype '" + descr + "': object arrays are Python pickles; re-save with "
          + "arr.astype(str) or a numeric dtype" + expected);
    }
    int n;
    try {
      n = Integer.parseInt(descr.substring(2));
    } catch (NumberFormatException e) {
      throw new NpyFormatException(src, "unsupported dtype '" + descr + "' (datetime/timedelta and other parameterised types are not read)"
          + expected);
    }
    NpyDType dtype = NpyDType.of(kind, n);
    if (dtype == null || n <= 0) {
      throw new NpyFormatException(src, "unsupported dtype '" + descr + "'" + expected);
    }
    ByteOrder order;
    if (bo == '<' || bo == '|' || bo == '=') {
      order = ByteOrder.LITTLE_ENDIAN; // '=' is native; every platform we run on is little-endian
    } else if (bo == '>') {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new NpyFormatException(src, "unsupported byte order '" + bo + "' in dtype '" + descr + "'");
    }
    int itemSize = dtype == NpyDType.UNICODE ? 4 * n : n;
    try {
      Math.multiplyExact(NpyArray.sizeOf(shape), (long) itemSize);
    } catch (ArithmeticException e) {
      throw new NpyFormatException(src, "shape " + shapeTuple(shape) + " of " + descr + " holds more bytes than 64-bit sizes count "
          + "(a corrupt or hand-made header)");
    }
    return new Header(descr, dtype, itemSize, order, f.group(1).equals("True"), shape, dataOffset);
  }

  private static long[] parseShape(String src, String body) throws NpyFormatException {
    String t = body.trim();
    if (t.isEmpty()) {
      return new long[0];
    }
    String[] parts = t.split(",");
    int count = parts[parts.length - 1].trim().isEmpty() ? parts.length - 1 : parts.length;
    long[] shape = new long[count];
    for (int i = 0; i < count; i++) {
      String p = parts[i].trim();
      if (p.endsWith("L")) {
        p = p.substring(0, p.length() - 1);
      }
      try {
        shape[i] = Long.parseLong(p);
      } catch (NumberFormatException e) {
        throw new NpyFormatException(src, "malformed shape (" + body + ")");
      }
      if (shape[i] < 0) {
        throw new NpyFormatException(src, "negative dimension in shape (" + body + ")");
      }
    }
    return shape;
  }

  private static String printable(byte[] b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------------ writing

  /** Write {@code array} with its byte order and memory order, atomically (temporary sibling moved into place). */
  public static void write(Path file, NpyArray array) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
        write(out, array);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Write the header and data to a stream (not closed). */
  public static void write(OutputStream out, NpyArray array) throws IOException {
    out.write(header(array));
    ByteBuffer raw = array.rawData();
    byte[] chunk = new byte[1 << 16];
    while (raw.hasRemaining()) {
      int n = Math.min(chunk.length, raw.remaining());
      raw.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  /** The whole file as bytes. */
  public static byte[] toBytes(NpyArray array) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    write(bos, array);
    return bos.toByteArray();
  }

  /** The header bytes numpy would write for this array (version 1.0 unless the header needs 2.0). */
  static byte[] header(NpyArray a) {
    long[] shape = a.shape();
    StringBuilder h = new StringBuilder();
    h.append("{'descr': '").append(a.descr()).append("', 'fortran_order': ").append(a.fortranOrder() ? "True" : "False")
        .append(", 'shape': ").append(shapeTuple(shape)).append(", }");
    if (shape.length > 0) {
      long growthAxis = shape[a.fortranOrder() ? shape.length - 1 : 0];
      h.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(growthAxis).length()));
    }
    byte[] text = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    int hlen = text.length + 1;
    int prefix = 8 + 2;
    int padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
    int major = 1;
    if (hlen + padlen > 0xffff) {
      major = 2;
      prefix = 8 + 4;
      padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
    }
    int total = hlen + padlen;
    ByteBuffer b = ByteBuffer.allocate(prefix + total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) total);
    } else {
      b.putInt(total);
    }
    b.put(text);
    for (int i = 0; i < padlen; i++) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /** numpy's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (1, 144, 256)}. */
  public static String shapeTuple(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(')').toString();
  }
}
