#!/bin/sh
# Run once by the mysql image's entrypoint on an empty data volume (sourced, after it has created
# $MYSQL_USER): one database per app that owns data, all granted to the fleet's user.
# The gateway has no database. Keep this list in step with docs/conventions.md.
set -eu
for db in orders payments inventory notifications ml_advisor; do
  echo "init: database ${db} for '${MYSQL_USER}'"
  mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${MYSQL_USER}'@'%';
SQL
done
