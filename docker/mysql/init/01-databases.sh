#!/bin/sh
# Run once by the mysql image's entrypoint on an empty data volume (executed, after it has created
# $MYSQL_USER): one database per app that owns data, all granted to the fleet's user.
# The gateway's is for its activity log. Keep this list in step with docs/conventions.md. The apps also
# run CREATE DATABASE IF NOT EXISTS at start (libs/platform ensure-database), same charset.
set -eu
for db in gateway orders payments inventory notifications ml_advisor; do
  echo "init: database ${db} for '${MYSQL_USER}'"
  MYSQL_PWD="${MYSQL_ROOT_PASSWORD}" mysql --protocol=socket -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${MYSQL_USER}'@'%';
SQL
done
