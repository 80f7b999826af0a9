package org.cortexclust.data.fetch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories of the download cache on a shared host: created owner-only ({@code rwx------}), and refused when the
 * path is a symbolic link or belongs to another user (someone could have planted it to redirect our writes).
 */
public final class PrivateDirs {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private PrivateDirs() {}

  /** {@code dir}, created (with its parents) if missing, owner-only, and checked to be ours and not a link. */
  public static Path create(Path dir) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link to " + Files.readSymbolicLink(dir)
          + "; a download cache must be a real directory (remove the link, or set CORTEXCLUST_DOWNLOADS)");
    }
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      if (dir.getParent() != null) {
        Files.createDirectories(dir.getParent());
      }
      try {
        if (posix) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createDirectory(dir);
        }
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        return create(dir); // someone made it meanwhile: check what it is
      }
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " exists and is not a directory; expected the download cache there");
    }
    if (posix) {
      long owner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
      long self = new com.sun.security.auth.module.UnixSystem().getUid();
      if (owner != self) {
        throw new IOException(dir + " belongs to uid " + owner + ", not to uid " + self
            + "; a download cache shared with another user could be swapped under us (set CORTEXCLUST_DOWNLOADS to a folder of yours)");
      }
      if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
      }
    }
    return dir;
  }
}
