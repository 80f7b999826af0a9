package org.cortexclust.training.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Minimal NumPy {@code .npy} (format 1.0, little-endian float32, C order) and {@code .npz} (zip of .npy) reading and
 * writing, so tensors by name are readable by {@code numpy.load}. Extra non-array entries (e.g. a JSON index) can
 * ride along in the same zip.
 */
public final class Npz {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");

  private Npz() {}

  /** A float32 array with its shape. */
  public record Array(long[] shape, float[] data) {
    public Array {
      long n = 1;
      for (long s : shape) n *= s;
      if (n != data.length) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got "
            + data.length);
      }
    }
  }

  /** Write one .npy (float32) to {@code out}. */
  public static void writeNpy(OutputStream out, long[] shape, float[] data) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (long s : shape) dims.append(s).append(", ");
    String sh = shape.length == 1 ? shape[0] + "," : dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2);
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + sh + "), }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
        .putShort((short) header.length());
    out.write(pre.array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : data) {
      if (!buf.hasRemaining()) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      buf.putFloat(v);
    }
    out.write(buf.array(), 0, buf.position());
  }

  /** Read one float32 .npy. */
  public static Array readNpy(byte[] bytes, String what) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII)
        .equals("NUMPY")) {
      throw new IllegalArgumentException(what + ": not a .npy file (bad magic)");
    }
    int major = bytes[6];
    int hlen;
    int start;
    if (major == 1) {
      hlen = b.getShort(8) & 0xffff;
      start = 10;
    } else {
      hlen = b.getInt(8);
      start = 12;
    }
    String header = new String(bytes, start, hlen, StandardCharsets.US_ASCII);
    Matcher d = DESCR.matcher(header);
    if (!d.find() || !d.group(1).equals("<f4")) {
      throw new IllegalArgumentException(what + ": expected dtype '<f4', header is " + header.trim());
    }
    if (header.contains("'fortran_order': True")) {
      throw new IllegalArgumentException(what + ": Fortran order is not supported");
    }
    Matcher s = SHAPE.matcher(header);
    if (!s.find()) throw new IllegalArgumentException(what + ": no shape in header " + header.trim());
    long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    long n = 1;
    for (long x : shape) n *= x;
    int off = start + hlen;
    if (bytes.length - off != n * 4) {
      throw new IllegalArgumentException(what + ": expected " + n * 4 + " data bytes, found " + (bytes.length - off));
    }
    float[] data = new float[(int) n];
    b.position(off);
    b.asFloatBuffer().get(data);
    return new Array(shape, data);
  }

  /**
   * Entry time of every entry: fixed (1980-01-01, the first DOS date), so the same arrays give the same bytes (a zip
   * entry otherwise carries the wall-clock time it was written, and a resumed or repeated run a different file).
   */
  static final long ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0).atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

  static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTime(ENTRY_TIME);
    return e;
  }

  /** Write arrays by name (entry {@code name + ".npy"}) plus optional extra entries (name → bytes). */
  public static void write(Path file, Map<String, Array> arrays, Map<String, byte[]> extra) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (ZipOutputStream z = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp),
        1 << 16))) {
      z.setLevel(1);
      for (var e : arrays.entrySet()) {
        z.putNextEntry(entry(e.getKey() + ".npy"));
        writeNpy(z, e.getValue().shape(), e.getValue().data());
        z.closeEntry();
      }
      for (var e : extra.entrySet()) {
        z.putNextEntry(entry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Contents of an .npz: arrays by name (".npy" stripped) and other entries as bytes. */
  public record Contents(Map<String, Array> arrays, Map<String, byte[]> extra) {}

  public static Contents read(Path file) throws IOException {
    Map<String, Array> arrays = new LinkedHashMap<>();
    Map<String, byte[]> extra = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file); ZipInputStream z = new ZipInputStream(
        new java.io.BufferedInputStream(in, 1 << 16))) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        z.transferTo(bo);
        if (e.getName().endsWith(".npy")) {
          String name = e.getName().substring(0, e.getName().length() - 4);
          arrays.put(name, readNpy(bo.toByteArray(), file + ":" + e.getName()));
        } else {
          extra.put(e.getName(), bo.toByteArray());
        }
      }
    } catch (java.util.zip.ZipException ex) {
      throw new IOException(file + ": not a valid .npz (zip) file: " + ex.getMessage(), ex);
    }
    return new Contents(arrays, extra);
  }
}
