package org.cortexclust.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in URLs are masked wherever text quotes them; the embedded bucket folder is owner-only. */
class RedactionTest {
  @TempDir Path home;

  @Test
  void tokensPresignedQueriesAndPasswordsAreMaskedAndTheFileStaysNamed() {
    assertEquals("https://zenodo.org/records/1/files/a.zip?token=REDACTED",
        Redaction.url("https://zenodo.org/records/1/files/a.zip?token=eyJhbGciOi"));
    assertEquals("https://b.s3.amazonaws.com/k.zip?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED",
        Redaction.url("https://b.s3.amazonaws.com/k.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=ab12"));
    assertEquals("https://user:REDACTED@host:8443/p/f.zip", Redaction.url("https://user:hunter2@host:8443/p/f.zip"));
    assertEquals("https://h/f.zip#access_token=REDACTED", Redaction.url("https://h/f.zip#access_token=abc"));
    assertEquals("https://h/f.zip?REDACTED", Redaction.url("https://h/f.zip?abcdef"));
    assertEquals("https://h/f.zip", Redaction.url("https://h/f.zip"));
    assertEquals("s3://bucket/prefix", Redaction.url("s3://bucket/prefix"));
    assertNull(Redaction.text(null));
  }

  @Test
  void urlsInsideProseAndJsonAreMaskedAndTheirPunctuationKept() {
    String json = "{\"data\":{\"sha256\":null,\"source\":\"https://h/f.zip?sig=S3CR3T&dl=1\"},\"seed\":1}";
    assertEquals("{\"data\":{\"sha256\":null,\"source\":\"https://h/f.zip?sig=REDACTED&dl=REDACTED\"},\"seed\":1}", Redaction.text(json));
    assertEquals("data.source: https://h/f.zip?t=REDACTED: HTTP 404 (expected 200)", Redaction.text("data.source: https://h/f.zip?t=x: HTTP 404 (expected 200)"));
    assertTrue(Redaction.hasSecrets("see https://h/f?t=1."));
    assertFalse(Redaction.hasSecrets("plain text, https://h/f.zip and /tmp/x?y"));
  }

  @Test
  void theEmbeddedBucketFolderIsNotWorldListable() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(home, 0)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("s3"))));
    }
    Files.setPosixFilePermissions(home.resolve("s3"), PosixFilePermissions.fromString("rwxr-xr-x"));
    try (EmbeddedS3 s3 = EmbeddedS3.start(home, 0)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("s3"))),
          "an existing home made before the fix is tightened on start");
    }
  }
}
