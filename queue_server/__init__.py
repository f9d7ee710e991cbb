"""The hall queue application: models, router, ticket service, web and realtime layers."""
