# The overcap API and projector; configured only by environment variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY workflows ./workflows
COPY projections ./projections
COPY api ./api
RUN pip install . && useradd --create-home --uid 10001 overcap
USER overcap
EXPOSE 8000
CMD ["overcap", "serve", "--host", "0.0.0.0", "--port", "8000"]
