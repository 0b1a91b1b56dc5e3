"""The production database engine: django-prometheus' PostgreSQL backend whose connection
pool checks a connection before lending it only when it has been idle (``ops.dbpool``)."""
