#!/bin/sh
# One-shot init (minio/mc image): the artifact bucket, a read-only bucket for source datasets, and one user per client
# role whose policy reaches those two buckets only. Only this container and MinIO itself see the root credentials.
# Re-running is harmless: existing buckets and users are kept, policies are replaced.
set -eu
: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
BUCKET=${CORTEXCLUST_BUCKET:-cortexclust}
SOURCES=${CORTEXCLUST_SOURCES_BUCKET:-cortexclust-sources}
until mc alias set store http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do
  echo "waiting for minio..."; sleep 2
done
mc mb --ignore-existing "store/$BUCKET"
mc mb --ignore-existing "store/$SOURCES"
cat > /tmp/cortexclust-rw.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
     "Resource": ["arn:aws:s3:::$BUCKET"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
                                   "s3:ListMultipartUploadParts"],
     "Resource": ["arn:aws:s3:::$BUCKET/*"]},
    {"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:ListBucket"], "Resource": ["arn:aws:s3:::$SOURCES"]},
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::$SOURCES/*"]}
  ]
}
JSON
mc admin policy create store cortexclust-rw /tmp/cortexclust-rw.json
# user name = role; secret from the environment (compose requires each one)
for pair in "worker-cpu:${CORTEXCLUST_WORKER_CPU_SECRET:?}" "worker-gpu:${CORTEXCLUST_WORKER_GPU_SECRET:?}" \
    "launcher:${CORTEXCLUST_LAUNCHER_SECRET:?}"; do
  user=${pair%%:*}
  secret=${pair#*:}
  mc admin user add store "$user" "$secret" >/dev/null
  mc admin policy attach store cortexclust-rw --user "$user" >/dev/null 2>&1 || true   # already attached on re-runs
  echo "user $user: bucket $BUCKET (read/write), $SOURCES (read)"
done
