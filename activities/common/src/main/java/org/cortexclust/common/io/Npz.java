package org.cortexclust.common.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npz}: a zip of {@code NAME.npy} entries ({@code numpy.load(file)[NAME]}). Writing deflates each
 * entry (as {@code numpy.savez_compressed}); reading caps what an entry may decompress to, so a small crafted
 * file cannot fill memory, and every problem is bad input naming the file and the entry.
 */
public final class Npz {
  /** Default cap on one decompressed entry: 2 GiB, the most one Java array of bytes holds. */
  public static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8L;

  private Npz() {}

  /** Write {@code arrays} (name → array, in map order). */
  public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
      for (var e : arrays.entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
        ze.setTime(0); // same arrays → same bytes
        z.putNextEntry(ze);
        Npy.write(z, e.getValue());
        z.closeEntry();
      }
    }
  }

  /** Array names (entries without {@code .npy}). */
  public static List<String> names(Path file) throws IOException {
    try (ZipFile z = open(file)) {
      List<String> names = new ArrayList<>();
      z.stream().forEach(e -> names.add(e.getName().replaceAll("\\.npy$", "")));
      return names;
    }
  }

  /** One array, decompressed to at most {@link #MAX_ENTRY_BYTES}. */
  public static NpyArray read(Path file, String name) throws IOException {
    return read(file, name, MAX_ENTRY_BYTES);
  }

  /** One array, decompressed to at most {@code maxBytes} (bad input beyond). */
  public static NpyArray read(Path file, String name, long maxBytes) throws IOException {
    try (ZipFile z = open(file)) {
      ZipEntry e = z.getEntry(name + ".npy");
      if (e == null) throw new IllegalArgumentException(file + ": no array '" + name + "'; it holds " + names(file));
      String src = file + ":" + name;
      if (e.getSize() > maxBytes) {
        throw new NpyFormatException(src, "entry declares " + e.getSize() + " bytes, more than the cap of " + maxBytes);
      }
      try (InputStream in = z.getInputStream(e)) {
        return Npy.read(src, readCapped(src, in, maxBytes));
      } catch (ZipException ze) {
        throw new NpyFormatException(src, "corrupt or truncated zip entry (" + ze.getMessage() + ")");
      }
    }
  }

  /** All bytes of {@code in}, bad input when more than {@code maxBytes}. */
  static byte[] readCapped(String src, InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      total += r;
      if (total > maxBytes) {
        throw new NpyFormatException(src, "decompresses to more than " + maxBytes + " bytes (the cap on one array)");
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  private static ZipFile open(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new IllegalArgumentException(file + ": not a valid .npz (zip) file: " + e.getMessage());
    }
  }
}
