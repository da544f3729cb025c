"""`rasd serve`: the HTTP API and the Arabic right-to-left web app over a store.

Needs the `serve` extra (fastapi, uvicorn, jinja2); import `rasd.serve.app.create_app`.
"""
