"""The FastAPI service and the web page."""
