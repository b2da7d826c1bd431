# 专班助手 (zhuanban): the WeCom bot, one process serving the callback, reminders and sends.
# Build: docker build -t zhuanban .   Run: see compose.yaml and README "Deployment".
FROM python:3.11-slim

ENV TZ=Asia/Shanghai \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# tzdata for TZ; nothing renders text into images or PDFs on the server, so no CJK fonts
# are needed (xlsx and chat text carry no fonts).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY core ./core
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY storage ./storage
RUN pip install . && rm -rf /app/build

RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home zhuanban \
    && mkdir -p /data && chown zhuanban:zhuanban /data
USER zhuanban
WORKDIR /data

# Defaults for a lone container on SQLite; compose.yaml points the database at PostgreSQL.
ENV ZHUANBAN_DATA_DIR=/data \
    ZHUANBAN_DATABASE_URL=sqlite:////data/zhuanban.db \
    ZHUANBAN_HOST=0.0.0.0 \
    ZHUANBAN_PORT=8080
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('ZHUANBAN_PORT', '8080'), timeout=4)"

# Migrations first, then the server (which runs the preflight and refuses to start on a
# failure, in one line). exec: SIGTERM from `docker stop` reaches serve for a clean drain.
CMD ["sh", "-c", "zhuanban db upgrade && exec zhuanban serve"]
