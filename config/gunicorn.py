"""How gunicorn serves the site: ``gunicorn -c python:config.gunicorn config.wsgi:application``.

The Dockerfile, docker-compose.yml and the read benchmarks (``bench.load``) all start it with
this file, so what is measured is what is deployed. Command-line options override it.

- ``gthread`` workers keep a client's connection open between its requests (``keepalive``
  seconds): a service that syncs its copy page by page, or the admin loading a page's parts,
  reuses one connection instead of paying a TCP handshake per request. A connection that
  waits between requests holds no thread.
- One thread per process, ``WEB_CONCURRENCY`` processes (3 by default, for 2 cores): a request
  is mostly Python, which one interpreter runs one thread at a time, so processes rather than
  threads use the cores (docs/benchmarks.md measured 2 x 4 threads against 3 x 1).
"""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = 1
keepalive = 30
