"""The HTTP API: routes, schemas, access rules and error mapping."""
